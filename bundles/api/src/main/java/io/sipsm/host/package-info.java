/**
 * The host SPI: how bundles meet the SIP-servlet container running in Karaf.
 *
 * <ul>
 * <li>Applications are whiteboard services: a {@code javax.servlet.sip.SipServlet} registered with the
 * service property {@link io.sipsm.host.SipApplications#APPLICATION} is deployed into the container under
 * that name; JSR 289 listeners registered with the same property join that application, and with the value
 * {@link io.sipsm.host.SipApplications#ALL} join every application on the host.</li>
 * <li>{@link io.sipsm.host.SipMessageInterceptor} services see every SIP message of UA-mode applications,
 * incoming and outgoing, without the applications knowing, and hear when a leg's session is gone.</li>
 * <li>{@link io.sipsm.host.CallLeg} lets a policy act on a call (refresh, end) and
 * {@link io.sipsm.host.PolicyScheduler} runs its timers; {@link io.sipsm.host.PolicyState} keeps what it must
 * remember of calls in progress, so that they outlive the policy's bundle (an update, a restart).</li>
 * <li>{@link io.sipsm.host.TransactionTimers} changes the transaction timers of new transactions at run
 * time, and the list of waits the host retransmits unanswered UDP requests after; a policy gives one request
 * its own list with {@link io.sipsm.host.SipMessage#resendOn}.</li>
 * <li>{@link io.sipsm.host.RefusedCallListener} services hear of the calls the host refused before any
 * application saw them (for load, or by a policy).</li>
 * </ul>
 *
 * Nothing here names a class of the container's implementation: the host adapter is the one place that knows
 * it.
 */
@Export
@Version("1.9.0")
package io.sipsm.host;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
