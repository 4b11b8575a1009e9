package io.sipsm.host.internal.container;

import java.util.Optional;

import javax.sip.Dialog;
import javax.sip.Transaction;

import org.mobicents.servlet.sip.core.message.MobicentsSipServletMessage;
import org.mobicents.servlet.sip.message.TransactionApplicationData;

import io.sipsm.host.CallLeg;

/** Finds the container's session behind a stack transaction or dialog, where the container keeps it. */
final class ContainerSessions {

    private ContainerSessions() {
    }

    static Optional<CallLeg> leg(Transaction transaction) {
        return transaction == null ? Optional.empty() : leg(transaction.getApplicationData());
    }

    static Optional<CallLeg> leg(Dialog dialog) {
        return dialog == null ? Optional.empty() : leg(dialog.getApplicationData());
    }

    private static Optional<CallLeg> leg(Object applicationData) {
        if (applicationData instanceof TransactionApplicationData data) {
            MobicentsSipServletMessage message = data.getSipServletMessage();
            return message == null ? Optional.empty() : ContainerCallLeg.of(message.getSipSession());
        }
        return Optional.empty();
    }
}
