package io.sipsm.health.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;

import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.Test;

import io.sipsm.config.ConfigurationRejection;
import io.sipsm.host.HostStatus;
import io.sipsm.host.OverloadStatus;
import io.sipsm.host.OverloadStatus.Intake;

/** The checks' judgements on the state they read: what each level means (README, "Health"). */
class HealthChecksTest {

    private static final OverloadStatus.Snapshot CALM = new OverloadStatus.Snapshot(true, false, 100, 10, 0, 3,
            List.of(new OverloadStatus.Gauge("queue.delay.ms", 1, 200), new OverloadStatus.Gauge("dialogs", 2, 1000)));
    private static final OverloadStatus.Snapshot BOUND = new OverloadStatus.Snapshot(true, true, 0, 10, 5, 3,
            List.of(new OverloadStatus.Gauge("queue.delay.ms", 1, 200), new OverloadStatus.Gauge("dialogs", 2, 1)));

    /** A host with these applications and servlets not deployed. */
    static HostStatus host(List<HostStatus.Application> applications, List<HostStatus.NotDeployed> notDeployed) {
        return new HostStatus() {
            @Override
            public String endpoint() {
                return "UDP 127.0.0.1:5060";
            }

            @Override
            public List<Application> applications() {
                return applications;
            }

            @Override
            public List<NotDeployed> notDeployed() {
                return notDeployed;
            }

            @Override
            public String routes() {
                return "";
            }

            @Override
            public List<NetworkFault> networkFaults() {
                return List.of();
            }
        };
    }

    private static final HostStatus.Application B2BUA = new HostStatus.Application("b2bua", List.of("INVITE"),
            "io.sipsm.b2bua 0.1.0", 1);

    @Test
    void theHostIsOkListeningWithAnApplicationThatTakesCalls() {
        Result result = HostCheck.judge(host(List.of(B2BUA), List.of()), true, Intake.TAKING_CALLS);
        assertEquals(Result.Status.OK, result.getStatus());
        assertTrue(result.toString().contains("Listening on UDP 127.0.0.1:5060"), result.toString());
        assertTrue(result.toString().contains("b2bua [INVITE] 1 calls"), result.toString());
    }

    @Test
    void theHostIsCriticalDownNotListeningOrWithoutApplication() {
        assertEquals(Result.Status.CRITICAL, HostCheck.judge(null, false, null).getStatus());
        assertEquals(Result.Status.CRITICAL,
                HostCheck.judge(host(List.of(B2BUA), List.of()), false, Intake.TAKING_CALLS).getStatus());
        assertEquals(Result.Status.CRITICAL,
                HostCheck.judge(host(List.of(), List.of()), true, Intake.NO_APPLICATION).getStatus());
    }

    @Test
    void theHostWarnsWhenNoApplicationTakesInviteOrAServletIsNotDeployed() {
        HostStatus.Application registrar = new HostStatus.Application("registrar", List.of("REGISTER"), "r 1", 0);
        assertEquals(Result.Status.WARN,
                HostCheck.judge(host(List.of(registrar), List.of()), true, Intake.NO_APPLICATION).getStatus());
        HostStatus.NotDeployed shadowed = new HostStatus.NotDeployed("b2bua", "other 1", 7, "shadowed by service 5");
        Result result = HostCheck.judge(host(List.of(B2BUA), List.of(shadowed)), true, Intake.TAKING_CALLS);
        assertEquals(Result.Status.WARN, result.getStatus());
        assertTrue(result.toString().contains("shadowed by service 5"), result.toString());
    }

    /** The level follows the very state the keep-alive answer follows: OK exactly when the host takes calls. */
    @Test
    void overloadLevelsFollowTheIntake() {
        assertEquals(Result.Status.OK, OverloadCheck.judge(Intake.TAKING_CALLS, CALM).getStatus());
        assertEquals(Result.Status.OK, OverloadCheck.judge(Intake.NO_APPLICATION, CALM).getStatus(),
                "not a matter of load: the host check says it");
        assertEquals(Result.Status.WARN, OverloadCheck.judge(Intake.SHEDDING, CALM).getStatus());
        assertEquals(Result.Status.WARN, OverloadCheck.judge(Intake.LAGGING, CALM).getStatus());
        assertEquals(Result.Status.WARN, OverloadCheck.judge(Intake.DRAINING, CALM).getStatus());
        assertEquals(Result.Status.TEMPORARILY_UNAVAILABLE, OverloadCheck.judge(Intake.BOOTING, CALM).getStatus());
        Result bound = OverloadCheck.judge(Intake.AT_MEMORY_BOUND, BOUND);
        assertEquals(Result.Status.CRITICAL, bound.getStatus());
        assertTrue(bound.toString().contains("dialogs 2/1"), bound.toString());
        assertTrue(bound.toString().contains("keep-alive OPTIONS get 503"), bound.toString());
        assertEquals(Result.Status.CRITICAL, OverloadCheck.judge(null, null).getStatus());
        for (Intake intake : Intake.values()) {
            boolean keepAlive200 = intake == Intake.TAKING_CALLS;
            Result.Status overload = OverloadCheck.judge(intake, CALM).getStatus();
            Result.Status hostLevel = HostCheck.judge(host(intake == Intake.NO_APPLICATION ? List.of()
                    : List.of(B2BUA), List.of()), true, intake).getStatus();
            assertEquals(keepAlive200, overload == Result.Status.OK && hostLevel == Result.Status.OK, intake.name());
        }
    }

    @Test
    void theConfigurationWarnsWhileARefusalStands() {
        assertEquals(Result.Status.OK, ConfigurationCheck.judge(List.of(), 2, List.of()).getStatus());
        ConfigurationRejection refused = new ConfigurationRejection("io.sipsm.sip", "SS_SIP_SEND_RETRY", "11",
                "must be between 1 and 10", Instant.parse("2026-12-07T15:00:00Z"));
        Result result = ConfigurationCheck.judge(List.of(refused), 0, List.of());
        assertEquals(Result.Status.WARN, result.getStatus());
        assertTrue(result.toString().contains("io.sipsm.sip: SS_SIP_SEND_RETRY=11 rejected: must be between 1 and 10"),
                result.toString());
        Result host = ConfigurationCheck.judge(List.of(), 0,
                List.of(new HostStatus.RefusedSetting("overload.dialogs", "-1", "must be 0 or more")));
        assertEquals(Result.Status.WARN, host.getStatus());
        assertTrue(host.toString().contains("io.sipsm.host: overload.dialogs=-1 rejected: must be 0 or more"),
                host.toString());
        assertEquals(Result.Status.CRITICAL, ConfigurationCheck.judge(null, 0, List.of()).getStatus());
    }

    @Test
    void theClusterIsOkUnclusteredOrWithPeersAndWarnsAlone() {
        assertEquals(Result.Status.OK, ClusterCheck.judge(null).getStatus());
        assertTrue(ClusterCheck.judge(null).toString().contains("Not clustered"));
        assertEquals(Result.Status.OK,
                ClusterCheck.judge(new ClusterCheck.Membership("a", List.of("a", "b"))).getStatus());
        assertEquals(Result.Status.WARN, ClusterCheck.judge(new ClusterCheck.Membership("a", List.of("a"))).getStatus());
    }

    /** The shape of Cellar's ClusterManager and Node, as the check reads them by reflection. */
    public interface Node {
        String getId();
    }

    public interface ClusterManager {
        java.util.Set<Node> listNodes();

        Node getNode();
    }

    @Test
    void membershipIsReadThroughCellarsInterfaces() throws Exception {
        Node a = () -> "127.0.0.1:5701";
        Node b = () -> "127.0.0.1:5702";
        ClusterManager manager = new ClusterManager() {
            @Override
            public java.util.Set<Node> listNodes() {
                return java.util.Set.of(b, a);
            }

            @Override
            public Node getNode() {
                return b;
            }
        };
        assertEquals(new ClusterCheck.Membership("127.0.0.1:5702", List.of("127.0.0.1:5701", "127.0.0.1:5702")),
                ClusterCheck.read(ClusterManager.class, Node.class, manager));
    }

    @Test
    void theProbeTellsAHeldPortFromAFreeOne() throws Exception {
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertTrue(ListeningProbe.held("UDP 127.0.0.1:" + udp.getLocalPort()));
            assertTrue(ListeningProbe.held("TCP 127.0.0.1:" + tcp.getLocalPort()));
        }
        int free;
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            free = udp.getLocalPort();
        }
        assertFalse(ListeningProbe.held("UDP 127.0.0.1:" + free));
        assertTrue(ListeningProbe.held("UDP somewhere"), "nothing to judge on");
    }
}
