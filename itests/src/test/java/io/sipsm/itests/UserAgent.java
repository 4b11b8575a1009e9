package io.sipsm.itests;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real user agent, Debian's linphonec or baresip, as a process on 127.0.0.1: its own temporary HOME, its
 * configuration filled from a template of {@code src/test/resources/ua}, its output and log kept for asserts,
 * bounded in time by {@code timeout(1)} and killed in {@link #close()}.
 */
public final class UserAgent implements AutoCloseable {

    /** Longest life of a user agent, should a test never close it. */
    private static final Duration LIFETIME = Duration.ofMinutes(10);

    private final String name;
    private final Process process;
    private final Path output;
    private final Path log;
    private final int consolePort;

    private UserAgent(String name, Process process, Path output, Path log, int consolePort) {
        this.name = name;
        this.process = process;
        this.output = output;
        this.log = log;
        this.consolePort = consolePort;
    }

    /**
     * linphonec with {@code user} on {@code sipPort} (UDP, or TCP when {@code tcp}), RTP on {@code rtpPort} and
     * the settings of its template: {@code TIMERS} (0/1), {@code REL100} (0/1/2), {@code EARLY_MEDIA} (0/1),
     * {@code AUTH} (an {@code [auth_info_0]} section).
     * Commands go to its standard input ({@code call URI}, {@code answer}, {@code terminate} ...).
     */
    public static UserAgent linphone(String user, int sipPort, boolean tcp, int rtpPort, Map<String, String> settings)
            throws IOException {
        Path home = Files.createTempDirectory("linphone-" + user + "-");
        Files.createDirectories(home.resolve(".local/share/linphone"));
        Map<String, String> fill = new java.util.HashMap<>(Map.of("USER", user,
                "UDP_PORT", tcp ? "0" : Integer.toString(sipPort), "TCP_PORT", tcp ? Integer.toString(sipPort) : "0",
                "RTP_PORT", Integer.toString(rtpPort), "TIMERS", "0", "REL100", "0", "EARLY_MEDIA", "0", "AUTH", ""));
        fill.putAll(settings);
        Path config = home.resolve("linphonerc");
        Files.writeString(config, template("linphonerc", fill));
        Path log = home.resolve("linphone.log");
        return start("linphonec-" + user, home, log, 0, "linphonec", "-c", config.toString(), "-d", "6", "-l",
                log.toString());
    }

    /**
     * baresip with {@code user} on UDP {@code sipPort}, RTP from {@code rtpPort}, answering by itself when
     * {@code autoAnswer}; commands ({@code /dial URI}, {@code /hangup}) go as datagrams to its console port,
     * which must not be {@code sipPort + 1} (baresip takes that for TLS). It has no session timers and no 100rel;
     * it takes the call only when the dialled user is its own. Its SIP trace is in its output.
     */
    public static UserAgent baresip(String user, int sipPort, int consolePort, int rtpPort, boolean autoAnswer)
            throws IOException {
        Path home = Files.createTempDirectory("baresip-" + user + "-");
        Map<String, String> fill = Map.of("USER", user, "SIP_PORT", Integer.toString(sipPort), "CONS_PORT",
                Integer.toString(consolePort), "RTP_PORT", Integer.toString(rtpPort), "RTP_PORT_END",
                Integer.toString(rtpPort + 9), "ANSWER_MODE", autoAnswer ? "auto" : "manual");
        Files.writeString(home.resolve("config"), template("baresip-config", fill));
        Files.writeString(home.resolve("accounts"), template("baresip-accounts", fill));
        return start("baresip-" + user, home, home.resolve("baresip.out"), consolePort, "baresip", "-f",
                home.toString(), "-s");
    }

    private static UserAgent start(String name, Path home, Path log, int consolePort, String... command)
            throws IOException {
        List<String> line = new ArrayList<>(List.of("timeout", "--kill-after=5", Long.toString(LIFETIME.toSeconds())));
        line.addAll(List.of(command));
        Path output = home.resolve("output.txt");
        ProcessBuilder builder = new ProcessBuilder(line).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("HOME", home.toString());
        return new UserAgent(name, builder.start(), output, log, consolePort);
    }

    /** Sends a command: to linphonec's standard input, or to baresip's console port. */
    public void command(String command) throws IOException {
        if (consolePort == 0) {
            OutputStream in = process.getOutputStream();
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } else {
            byte[] bytes = (command + "\n").getBytes(StandardCharsets.UTF_8);
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), consolePort));
            }
        }
    }

    /** What the user agent printed (for baresip, its SIP trace too). */
    public String output() {
        return read(output);
    }

    /** linphonec's debug log (every SIP message), or baresip's output. */
    public String log() {
        return read(log);
    }

    /** Times {@code pattern} occurs in the output and the log. */
    public int count(Pattern pattern) {
        String text = log.equals(output) ? output() : output() + log();
        Matcher m = pattern.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** Waits until {@code pattern} occurs {@code times} times in the output or log. */
    public void await(String what, Pattern pattern, int times, Duration timeout) throws InterruptedException {
        try {
            KarafTestSupport.await(name + ": " + what, timeout, () -> count(pattern) >= times);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + report(), e);
        }
    }

    public void await(String what, String text, Duration timeout) throws InterruptedException {
        await(what, Pattern.compile(Pattern.quote(text)), 1, timeout);
    }

    /** The tails of output and log, for a failure message. */
    public String report() {
        return "--- " + name + " output (tail) ---\n" + tail(output(), 3000)
                + (log.equals(output) ? "" : "\n--- " + name + " log (tail) ---\n" + tail(log(), 8000));
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                command(consolePort == 0 ? "quit" : "/quit");
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (IOException | InterruptedException e) {
            // the process is killed below either way
        } finally {
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }

    private static String template(String name, Map<String, String> fill) throws IOException {
        Path dir = Path.of(System.getProperty("sipsm.sipp.dir")).resolveSibling("ua");
        String text = Files.readString(dir.resolve(name));
        for (Map.Entry<String, String> e : fill.entrySet()) {
            text = text.replace("@" + e.getKey() + "@", e.getValue());
        }
        return text;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(String s, int n) {
        return s.length() <= n ? s : s.substring(s.length() - n);
    }
}
