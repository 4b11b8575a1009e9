/**
 * Where messages enter the stack: the UDP and TCP listening points with admission control on their receive
 * path, the admission valve, and the parser that answers what it cannot parse. Adapters of
 * {@code admission} and {@code queue} to jain-sip.
 */
package io.sipsm.host.internal.intake;
