package io.sipsm.host.internal.rtt;

import java.util.List;
import java.util.regex.Pattern;

import io.sipsm.host.internal.settings.SettingReader;

/**
 * Where and within which bounds the host learns T1 from its peers' response times, part of {@code HostSettings}.
 * Off by default (no peer listed). The ranges of floor and ceiling do not overlap, so no edit can cross them.
 *
 * @param peers the peers whose T1 is learned: {@code *} for every peer, else IP addresses, each with an optional
 *        {@code :port} (IPv6 in brackets to take a port); empty: off
 * @param floorMillis the least T1 a peer is given, however fast it answers
 * @param ceilingMillis the most T1 a peer is given, however slowly it answers
 */
public record LearnedT1Settings(List<String> peers, int floorMillis, int ceilingMillis) {

    static final String PEERS = "t1.learned.peers";
    static final String FLOOR = "t1.learned.floor.ms";
    static final String CEILING = "t1.learned.ceiling.ms";

    public static final LearnedT1Settings DEFAULTS = new LearnedT1Settings(List.of(), 500, 4000);

    public static final List<String> KEYS = List.of(PEERS, FLOOR, CEILING);

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}(:\\d{1,5})?");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9A-Fa-f:.]+](:\\d{1,5})?|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*");

    public LearnedT1Settings {
        peers = List.copyOf(peers);
    }

    /** The settings the reader's properties give: missing keys take the defaults, refused ones their last good value. */
    public static LearnedT1Settings read(SettingReader r, LearnedT1Settings lastGood) {
        LearnedT1Settings d = DEFAULTS;
        return new LearnedT1Settings(
                r.parsed(PEERS, d.peers, lastGood.peers, LearnedT1Settings::peers),
                r.whole(FLOOR, d.floorMillis, lastGood.floorMillis, 50, 1000),
                r.whole(CEILING, d.ceilingMillis, lastGood.ceilingMillis, 1000, 60_000));
    }

    /** True when the peer at this address and port is listed. */
    boolean covers(String address, int port) {
        for (String peer : peers) {
            if (peer.equals("*") || peer.equals(address) || peer.equals("[" + address + "]")
                    || peer.equals(address + ":" + port) || peer.equals("[" + address + "]:" + port)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> peers(Object raw) {
        List<String> items = SettingReader.items(raw);
        for (String item : items) {
            boolean valid = item.equals("*") || IPV4.matcher(item).matches() || IPV6.matcher(item).matches();
            if (!valid) {
                throw new IllegalArgumentException("'" + item + "' is not *, an IP address or an IP address:port"
                        + " (names are not resolved)");
            }
        }
        return items;
    }

    @Override
    public String toString() {
        return PEERS + "=" + String.join(",", peers) + ", " + FLOOR + "=" + floorMillis + ", " + CEILING + "="
                + ceilingMillis;
    }
}
