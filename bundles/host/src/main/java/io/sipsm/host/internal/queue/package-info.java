/**
 * The receive queue: received datagrams ordered so that one call's messages are handled one at a time, and
 * what can be read from a datagram before it is parsed.
 */
package io.sipsm.host.internal.queue;
