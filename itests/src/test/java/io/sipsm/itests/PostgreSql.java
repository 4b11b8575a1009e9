package io.sipsm.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server of Debian's {@code postgresql} package: a cluster made by {@code initdb} in a
 * temporary directory, listening on 127.0.0.1 only (no Unix socket outside that directory), its one user trusted
 * without a password, stopped and deleted on close. PostgreSQL refuses to run as root: run as root, the commands
 * run as the package's {@code postgres} user.
 */
public final class PostgreSql implements AutoCloseable {

    private static final String USER = "sipsm";

    private final Path bin;
    private final Path directory;
    private final int port;
    private final String database;
    private final boolean asRoot;

    private PostgreSql(Path bin, Path directory, int port, String database, boolean asRoot) {
        this.bin = bin;
        this.directory = directory;
        this.port = port;
        this.database = database;
        this.asRoot = asRoot;
    }

    /** Starts a fresh server on 127.0.0.1:port holding one empty database. */
    public static PostgreSql start(int port, String database) throws IOException, InterruptedException {
        PostgreSql server = new PostgreSql(binaries(), Files.createTempDirectory("sipsm-pg-"), port, database,
                "root".equals(System.getProperty("user.name")));
        try {
            if (server.asRoot) {
                run(List.of("chown", "postgres", server.directory.toString()), 30);
            }
            String data = server.directory.resolve("data").toString();
            server.postgres(60, "initdb", "-D", data, "-A", "trust", "-U", USER, "-E", "UTF8", "--no-sync");
            server.postgres(90, "pg_ctl", "-D", data, "-l", server.directory.resolve("server.log").toString(), "-w",
                    "-t", "60", "-o", "-h 127.0.0.1 -p " + port + " -k " + server.directory + " -F", "start");
            server.postgres(30, "createdb", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", USER, database);
            return server;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String user() {
        return USER;
    }

    @Override
    public void close() {
        try {
            if (Files.exists(directory.resolve("data/postmaster.pid"))) {
                postgres(60, "pg_ctl", "-D", directory.resolve("data").toString(), "-m", "immediate", "-w", "stop");
            }
        } catch (IOException | InterruptedException | AssertionError e) {
            // the directory goes anyway; a server left running dies with the test's network namespace
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory
            }
        }
    }

    /** The newest installed major version's programs: /usr/lib/postgresql/N/bin. */
    private static Path binaries() throws IOException {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString())))
                    .orElseThrow(() -> new AssertionError("no initdb under /usr/lib/postgresql/*/bin: install"
                            + " Debian's postgresql package (.ci/run does)"));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new AssertionError("no /usr/lib/postgresql: install Debian's postgresql package (.ci/run does)");
        }
    }

    private void postgres(int timeoutSeconds, String program, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (asRoot) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        run(command, timeoutSeconds);
    }

    private static void run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Path output = Files.createTempFile("sipsm-pg-", ".out");
        try {
            // Not in the server's directory: postgres owns it, and its programs want a working directory they may read.
            Process process = new ProcessBuilder(command).directory(Path.of("/tmp").toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s: "
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(command + " exited with " + process.exitValue() + ": "
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
