/**
 * What the host keeps for policy bundles so that their calls outlive an update of the bundle: the records of
 * each policy ({@code PolicyState}), per leg or by key, and its timers ({@code PolicyScheduler}), each bundle's
 * share cancelled when the bundle stops.
 */
package io.sipsm.host.internal.policy;
