package io.sipsm.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.sipsm.config.NewCall;

class SelectorCallsTest {

    @Test
    void applicationSelectorNamesTheApplication() {
        assertEquals(Optional.of(new NewCall(null, null, "b2bua")), SelectorCalls.callFor("application:b2bua"));
    }

    @Test
    void domainSelectorNamesTheRequestDomain() {
        assertEquals(Optional.of(new NewCall("acme.example.com", null, null)),
                SelectorCalls.callFor("domain:acme.example.com"));
    }

    @Test
    void sourceRangeIsRepresentedByItsNetworkAddress() {
        assertEquals(Optional.of(new NewCall(null, "10.1.0.0", null)), SelectorCalls.callFor("source:10.1.0.0/16"));
    }

    @Test
    void ipv6RangeKeepsTheColonsOfTheAddress() {
        assertEquals(Optional.of(new NewCall(null, "2001:db8:0:0:0:0:0:0", null)),
                SelectorCalls.callFor("source:2001:db8:0:0:0:0:0:0/32"));
    }

    @Test
    void unknownKindOrNoKindGivesNoCall() {
        assertTrue(SelectorCalls.callFor("trunk:7").isEmpty());
        assertTrue(SelectorCalls.callFor("acme").isEmpty());
    }
}
