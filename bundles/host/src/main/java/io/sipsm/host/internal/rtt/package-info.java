/**
 * T1 learned from the response times of peers (RFC 6298 smoothing), bounded and switched on per peer by
 * {@code io.sipsm.host}: plain Java, fed and asked by the container's client transactions.
 */
package io.sipsm.host.internal.rtt;
