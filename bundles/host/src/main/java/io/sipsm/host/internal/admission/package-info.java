/**
 * Admission control as plain Java, no SIP stack and no OSGi: whether the host takes one more initial request,
 * from the queue delay, the measured call capacity and the memory bounds, and its validated settings.
 */
package io.sipsm.host.internal.admission;
