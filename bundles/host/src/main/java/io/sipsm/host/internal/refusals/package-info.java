/**
 * The calls the host refused before any application saw them, reported to the
 * {@link io.sipsm.host.RefusedCallListener}s off the SIP threads. Knows the host SPI only: the intake and the
 * interceptor chain hand it plain strings.
 */
package io.sipsm.host.internal.refusals;
