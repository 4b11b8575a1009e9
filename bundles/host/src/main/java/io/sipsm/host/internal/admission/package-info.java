/**
 * Admission control as plain Java, no SIP stack and no OSGi: whether the host takes one more initial request,
 * from the queue delay, the measured call capacity and the memory bounds; the limits on what arrives (message
 * size and header count, TCP connections, initial requests per source); and their validated settings.
 */
package io.sipsm.host.internal.admission;
