package io.sipsm.itests;

import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

import io.sipsm.gateway.GatewayAvailability;

/**
 * A refused value left stored in Config Admin no longer blocks later edits of other keys of {@code io.sipsm.b2bua}
 * and {@code io.sipsm.publish}: with a bad {@code user.prefix} stored, moving the gateway takes effect on the
 * wire; with a bad {@code min.expires} stored, letting a source publish does. The bad keys keep their last good
 * values, and the log names them.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StoredRefusalsIT extends KarafTestSupport {

    private static final int HOST_PORT = 26260;
    private static final String HOST = "127.0.0.1:" + HOST_PORT;

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(karaf(HOST_PORT, "sipsm-b2bua", "sipsm-config", "sipsm-publish"),
                editConfigurationFilePut("etc/io.sipsm.b2bua.cfg", "gateways", "127.0.0.1:26270"));
    }

    @Test
    public void aStoredRefusedB2buaValueDoesNotBlockMovingTheGateway() throws Exception {
        io.sipsm.host.HostStatus status = service(io.sipsm.host.HostStatus.class);
        await("the B2BUA deployed", Duration.ofSeconds(60),
                () -> status.applications().stream().anyMatch(a -> a.name().equals("b2bua")));
        org.osgi.service.cm.Configuration b2bua = service(ConfigurationAdmin.class).getConfiguration("io.sipsm.b2bua",
                "?");
        b2bua.update(new Hashtable<>(Map.of("gateways", "127.0.0.1:26270", "user.prefix", "bad prefix")));
        awaitLogged("user.prefix = 'bad prefix': may contain only letters, digits and + * # . _ ~ -; the edit is refused");
        b2bua.update(new Hashtable<>(Map.of("gateways", "127.0.0.1:26271", "user.prefix", "bad prefix")));
        awaitLogged("B2BUA reconfigured: gateways=[127.0.0.1:26271]");
        assertTrue(karafLog().stream().anyMatch(l -> l.contains("user.prefix = 'bad prefix'")
                && l.contains("config:property-delete -p io.sipsm.b2bua user.prefix")));
        try (Sipp gateway = Sipp.server("uas.xml", Map.of(), 26271, 1);
                Sipp caller = Sipp.client("uac.xml", Map.of("HOLD_MS", "200"), HOST, 26261, 1, "alice")) {
            caller.assertSucceeded(60, TimeUnit.SECONDS);
            gateway.assertSucceeded(30, TimeUnit.SECONDS);
        }
    }

    @Test
    public void aStoredRefusedPublishValueDoesNotBlockAllowingASource() throws Exception {
        // The PUBLISH component up first: a value stored before it activates is taken at activation (its default
        // then), not refused as an edit.
        service(GatewayAvailability.class);
        org.osgi.service.cm.Configuration publish = service(ConfigurationAdmin.class)
                .getConfiguration("io.sipsm.publish", "?");
        publish.update(new Hashtable<>(Map.of("min.expires", "0")));
        awaitLogged("min.expires = '0': must be from 1 to 86400 seconds; the edit is refused");
        try (Sipp gateway = Sipp.client("publish-expect.xml", Map.of("EXPIRES", "600", "STATUS", "403"), HOST, 26262,
                1, "gateway")) {
            gateway.assertSucceeded(30, TimeUnit.SECONDS);
        }
        publish.update(new Hashtable<>(Map.of("min.expires", "0", "allowed.sources", "127.0.0.1")));
        awaitLogged("PUBLISH handling reconfigured: allowed.sources=[127.0.0.1/32]");
        try (Sipp gateway = Sipp.client("publish-expect.xml", Map.of("EXPIRES", "600", "STATUS", "200"), HOST, 26263,
                1, "gateway")) {
            gateway.assertSucceeded(30, TimeUnit.SECONDS);
        }
    }
}
