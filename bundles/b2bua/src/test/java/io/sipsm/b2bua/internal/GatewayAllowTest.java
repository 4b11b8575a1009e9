package io.sipsm.b2bua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class GatewayAllowTest {

    @Test
    void aCallerWithoutUpdateOrPrackStillLetsTheGatewayUseThem() {
        assertEquals(GatewayAllow.HOST_METHODS, GatewayAllow.methods(List.of("INVITE, ACK, BYE, CANCEL").iterator()));
    }

    @Test
    void theCallersOtherMethodsFollowOnceWhateverTheirShape() {
        assertEquals(List.of("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "UPDATE", "PRACK", "INFO", "NOTIFY", "REFER"),
                GatewayAllow.methods(List.of("invite, info,NOTIFY", "REFER", "update").iterator()));
    }

    @Test
    void noCallerAllowGivesTheHostsMethods() {
        assertEquals(GatewayAllow.HOST_METHODS, GatewayAllow.methods(null));
    }
}
