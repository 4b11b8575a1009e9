/**
 * Call detail records: one record per call, written when the call ends, saying how and by whom it ended.
 *
 * <ul>
 * <li>{@link io.sipsm.cdr.CallRecord} is the record, a plain data object; {@link io.sipsm.cdr.GatewayAttempt}
 * is one gateway a call was offered to.</li>
 * <li>{@link io.sipsm.cdr.EndReason} and {@link io.sipsm.cdr.EndDirection} say why the call ended and who ended
 * it.</li>
 * <li>{@link io.sipsm.cdr.CallRecords} names the Event Admin topic each record is posted on and the event's
 * properties, so that any bundle can consume records.</li>
 * <li>{@link io.sipsm.cdr.ServerEnd} is the mark the host leaves on a leg it ended for a policy (see
 * {@link io.sipsm.host.CallLeg#end(int, String, EndReason)}), so that the application that writes the record
 * can say which policy ended the call without knowing any policy.</li>
 * </ul>
 */
@Export
@Version("1.1.0")
package io.sipsm.cdr;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
