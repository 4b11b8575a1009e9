/**
 * Message valves the stack runs before any transaction exists, for what real peers do that the stack does not
 * handle: responses routed to where the request came from, remote targets without Contact, connection reuse.
 */
package io.sipsm.host.internal.valves;
