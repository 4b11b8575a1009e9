package io.sipsm.host.internal.intake;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.MessageProcessorFactory;
import gov.nist.javax.sip.stack.OIOMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;

/**
 * Listening points of the host's stack (stack property {@code gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY}):
 * UDP ones refuse excess INVITEs as they are read ({@link AdmittingUdpMessageProcessor}); the others, and UDP
 * too should this stack version not allow it, are the stack's own; TCP ones are the stack's with the host's
 * channels ({@link HostTcpMessageChannel}).
 */
public class AdmittingMessageProcessorFactory implements MessageProcessorFactory {

    private static final Logger LOG = LoggerFactory.getLogger(AdmittingMessageProcessorFactory.class);

    /**
     * The stack's own factory marks the stack as having a UDP listening point, in a package-private field, and
     * its UDP channels send through the listening point's socket only when it is set (else each response
     * leaves from a new socket, from the wrong port).
     */
    private static final Field UDP_FLAG = udpFlag();

    private final MessageProcessorFactory stackDefault = new OIOMessageProcessorFactory();

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress address, int port,
            String transport) throws IOException {
        if ("udp".equalsIgnoreCase(transport) && UDP_FLAG != null) {
            try {
                UDP_FLAG.setBoolean(stack, true);
                return new AdmittingUdpMessageProcessor(address, stack, port);
            } catch (IllegalAccessException e) {
                LOG.warn("UDP listening point without admission control on its receive path", e);
            }
        }
        if ("tcp".equalsIgnoreCase(transport)) {
            return new HostTcpMessageProcessor(address, stack, port);
        }
        return stackDefault.createMessageProcessor(stack, address, port, transport);
    }

    private static Field udpFlag() {
        try {
            Field field = SIPTransactionStack.class.getDeclaredField("udpFlag");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("This SIP stack cannot be given the host's UDP listening point; excess INVITEs are refused "
                    + "after the receive queue", e);
            return null;
        }
    }
}
