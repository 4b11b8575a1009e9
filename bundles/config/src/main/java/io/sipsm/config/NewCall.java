package io.sipsm.config;

/**
 * What is known of a new call when a policy asks for its settings. Any part may be null when unknown; a tenant
 * whose selector needs that part then does not match.
 *
 * @param requestDomain the host part of the initial request's Request-URI, for example {@code acme.example.com}
 * @param sourceAddress the transport source address, for example {@code 192.0.2.7} or {@code 2001:db8::7}
 * @param application the name of the SIP application the call is routed to
 */
public record NewCall(String requestDomain, String sourceAddress, String application) {
}
