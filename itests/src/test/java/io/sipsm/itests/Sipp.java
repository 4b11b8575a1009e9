package io.sipsm.itests;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SIPp process on 127.0.0.1 running one scenario of {@code src/test/resources/sipp}, bounded in calls and
 * time. Its exit code says whether every call followed the scenario; its message trace is kept for asserts.
 */
public final class Sipp implements AutoCloseable {

    private static final Pattern FIRST_LINE = Pattern.compile("^(?:[A-Z]+ sip:\\S+ SIP/2\\.0|SIP/2\\.0 \\d{3}[^\\r\\n]*)$",
            Pattern.MULTILINE);

    private final Process process;
    private final Path messages;
    private final Path output;

    private Sipp(Process process, Path messages, Path output) {
        this.process = process;
        this.messages = messages;
        this.output = output;
    }

    /** A caller placing {@code calls} calls to {@code target} (host:port) from {@code localPort}. */
    public static Sipp client(String scenario, Map<String, String> fill, String target, int localPort, int calls,
            String service, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of(target, "-s", service));
        args.addAll(List.of(extra));
        return start(scenario, fill, localPort, calls, args);
    }

    /** A peer answering {@code calls} calls on {@code localPort}. */
    public static Sipp server(String scenario, Map<String, String> fill, int localPort, int calls, String... extra)
            throws IOException {
        return start(scenario, fill, localPort, calls, new ArrayList<>(List.of(extra)));
    }

    private static Sipp start(String scenario, Map<String, String> fill, int localPort, int calls, List<String> args)
            throws IOException {
        Path work = Files.createTempDirectory("sipp-" + scenario.replace(".xml", "") + "-");
        String text = Files.readString(new File(System.getProperty("sipsm.sipp.dir"), scenario).toPath());
        for (Map.Entry<String, String> e : fill.entrySet()) {
            text = text.replace("@" + e.getKey() + "@", e.getValue());
        }
        Path scenarioFile = work.resolve(scenario);
        Files.writeString(scenarioFile, text);
        Path messages = work.resolve("messages.log");
        Path output = work.resolve("sipp.out");
        List<String> command = new ArrayList<>(List.of("sipp"));
        command.addAll(args);
        if (!args.contains("-i")) {
            command.addAll(List.of("-i", "127.0.0.1"));
        }
        if (!args.contains("-timeout")) {
            command.addAll(List.of("-timeout", "60s"));
        }
        command.addAll(List.of("-sf", scenarioFile.toString(), "-p", Integer.toString(localPort),
                "-m", Integer.toString(calls), "-timeout_error", "-nostdin",
                "-trace_msg", "-message_file", messages.toString(), "-trace_err",
                "-error_file", work.resolve("errors.log").toString()));
        Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        return new Sipp(process, messages, output);
    }

    /**
     * Asks SIPp for a smooth exit: it places no new call and ends when the calls it has placed have ended
     * (SIGUSR1); {@link #await} then tells how they went.
     */
    public void stopCalling() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-USR1", Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
    }

    /** Waits for SIPp to end, at most the timeout; returns its exit code (0: every call as scripted). */
    public int await(long timeout, TimeUnit unit) throws InterruptedException {
        if (!process.waitFor(timeout, unit)) {
            process.destroyForcibly();
            throw new AssertionError("SIPp did not finish in " + timeout + " " + unit + "\n" + report());
        }
        return process.exitValue();
    }

    /** Asserts SIPp ended with every call as scripted. */
    public void assertSucceeded(long timeout, TimeUnit unit) throws InterruptedException {
        int code = await(timeout, unit);
        if (code != 0) {
            throw new AssertionError("SIPp exited with " + code + "\n" + report());
        }
    }

    /** The start lines of the messages SIPp sent and received, in order. */
    public List<String> startLines() {
        List<String> lines = new ArrayList<>();
        Matcher m = FIRST_LINE.matcher(trace());
        while (m.find()) {
            lines.add(m.group().trim());
        }
        return lines;
    }

    /**
     * Calls SIPp gave up on because a message it sent was never answered, however often retransmitted, or an
     * expected message never came (its error log's "retransmission timeout" and "timed out" lines).
     */
    public long timeouts() {
        Path errors = messages.resolveSibling("errors.log");
        try {
            return !Files.exists(errors) ? 0 : Files.readAllLines(errors, StandardCharsets.UTF_8).stream()
                    .mapToLong(l -> count(l, "Aborting call on UDP retransmission timeout") + count(l, " timed out after "))
                    .sum();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Call-IDs of the calls SIPp aborted, as its error log names them. */
    public java.util.Set<String> abortedCallIds() {
        Path errors = messages.resolveSibling("errors.log");
        java.util.Set<String> ids = new java.util.TreeSet<>();
        try {
            if (Files.exists(errors)) {
                Matcher m = Pattern.compile("Aborting call [^']*Call-I[Dd] '([^']+)'")
                        .matcher(Files.readString(errors, StandardCharsets.UTF_8));
                while (m.find()) {
                    ids.add(m.group(1));
                }
            }
            return ids;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(String line, String what) {
        long n = 0;
        for (int i = line.indexOf(what); i >= 0; i = line.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    /** The whole message trace. */
    public String trace() {
        try {
            return Files.exists(messages) ? Files.readString(messages, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String report() {
        try {
            String out = Files.exists(output) ? Files.readString(output) : "";
            return "--- output (tail) ---\n" + tail(out, 3000) + "\n--- messages (tail) ---\n" + tail(trace(), 6000);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String tail(String s, int n) {
        return s.length() <= n ? s : s.substring(s.length() - n);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
