package io.sipsm.host.internal.container;

import java.util.Properties;

import io.sipsm.host.internal.intake.AdmittingMessageProcessorFactory;
import io.sipsm.host.internal.intake.MalformedHeaderParserFactory;
import io.sipsm.host.internal.intake.OverloadValve;
import io.sipsm.host.internal.prack.PrackValve;
import io.sipsm.host.internal.valves.ConnectionReuseValve;
import io.sipsm.host.internal.valves.RemoteTargetValve;
import io.sipsm.host.internal.valves.ResponseRouteValve;
import io.sipsm.host.internal.valves.RetransmissionValve;
import io.sipsm.host.internal.valves.StrayResponseValve;
import io.sipsm.host.internal.admission.LimitSettings;
import io.sipsm.host.internal.intake.SourceRateValve;

/**
 * jain-sip properties of the host. The container adds its own defaults only when it loads no properties, so
 * the ones it needs are repeated here.
 */
final class StackProperties {

    static final int UDP_BUFFER_BYTES = 4 * 1024 * 1024;

    private StackProperties() {
    }

    static Properties create(String name, int threads) {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", name);
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.DELIVER_UNSOLICITED_NOTIFY", "true");
        // One event scanner thread delivering every event caps the container near 230 calls/s.
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", Integer.toString(threads));
        p.setProperty("gov.nist.javax.sip.MAX_FORK_TIME_SECONDS", "0");
        p.setProperty("gov.nist.javax.sip.LOOSE_DIALOG_VALIDATION", "true");
        p.setProperty("gov.nist.javax.sip.PASS_INVITE_NON_2XX_ACK_TO_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.AUTOMATIC_DIALOG_ERROR_HANDLING", "false");
        p.setProperty("gov.nist.javax.sip.AGGRESSIVE_CLEANUP", "true");
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        // The stack's 64 KB asks Linux for less than its own default socket buffer: a burst of a few hundred
        // datagrams during a GC pause overflows it and the calls time out. The kernel caps what is asked at
        // net.core.rmem_max / wmem_max, so operators raise those for bursts (see the README).
        p.setProperty("gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE", Integer.toString(UDP_BUFFER_BYTES));
        p.setProperty("gov.nist.javax.sip.SEND_UDP_BUFFER_SIZE", Integer.toString(UDP_BUFFER_BYTES));
        // First, copies of requests a server transaction already holds are counted (see RetransmissionValve).
        // Before any transaction exists: initial requests from a source over its rate (see SourceRateValve),
        // requests whose responses would go elsewhere than to their source (see
        // ResponseRouteValve), PRACKs of the host's reliable provisionals (see PrackValve), a remote target for a
        // dialog-creating response without Contact (see RemoteTargetValve), a peer's connection kept for requests
        // to it (see ConnectionReuseValve), then admission control (see OverloadValve for why not the
        // extension's valve); last, responses without a transaction go to the dialogs without the stack's
        // search of every transaction (see StrayResponseValve).
        p.setProperty("gov.nist.javax.sip.SIP_MESSAGE_VALVE", RetransmissionValve.class.getName() + ","
                + SourceRateValve.class.getName() + ","
                + ResponseRouteValve.class.getName() + ","
                + PrackValve.class.getName() + "," + RemoteTargetValve.class.getName() + ","
                + ConnectionReuseValve.class.getName() + "," + OverloadValve.class.getName() + ","
                + StrayResponseValve.class.getName());
        // Excess INVITEs over UDP are refused as they are read, before the receive queue, and a call's messages
        // are handled one at a time (see AdmittingUdpMessageProcessor); the valve decides the rest. The stack's
        // auditor of stale datagrams would watch the queue the host replaces: admission control bounds the
        // queue's delay instead.
        p.setProperty("gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY", AdmittingMessageProcessorFactory.class.getName());
        p.setProperty("gov.nist.javax.sip.CONGESTION_CONTROL_TIMEOUT", "0");
        p.setProperty("org.mobicents.ext.java.sip.TRANSACTION_FACTORY", InterceptingTransactionFactory.class.getName());
        p.setProperty("gov.nist.javax.sip.MESSAGE_PARSER_FACTORY", MalformedHeaderParserFactory.class.getName());
        // The stack's own bound on a TCP message (its header section at half of it), as a backstop only: every
        // message up to the largest the host may be configured to take reaches the host's parser, which answers
        // those over limits.message.bytes with 513 (see MalformedHeaderParserFactory); past this bound the
        // stack ends the connection.
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", Integer.toString(4 * LimitSettings.MAX_MESSAGE_BYTES));
        return p;
    }
}
