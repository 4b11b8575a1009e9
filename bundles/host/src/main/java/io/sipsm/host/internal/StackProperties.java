package io.sipsm.host.internal;

import java.util.Properties;

/**
 * jain-sip properties of the host. The container adds its own defaults only when it loads no properties, so
 * the ones it needs are repeated here.
 */
final class StackProperties {

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
        // Before any transaction exists: PRACKs of the host's reliable provisionals (see PrackValve), then
        // admission control (see OverloadValve for why not the extension's valve).
        p.setProperty("gov.nist.javax.sip.SIP_MESSAGE_VALVE",
                PrackValve.class.getName() + "," + OverloadValve.class.getName());
        p.setProperty("org.mobicents.ext.java.sip.TRANSACTION_FACTORY", InterceptingTransactionFactory.class.getName());
        p.setProperty("gov.nist.javax.sip.MESSAGE_PARSER_FACTORY", MalformedHeaderParserFactory.class.getName());
        return p;
    }
}
