package io.sipsm.cdr.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import io.sipsm.cdr.CallRecord;

/**
 * The records the database could not take yet, on local disk: an append-only file of one line per record
 * ({@link RecordCodec}) and, beside it, how far it has been written to the database. Lines are replayed in the
 * order they were appended; the file goes once everything in it is in the database. A record replayed twice
 * (the database took a batch but the offset was not saved before a crash) is written once all the same: the
 * store skips a record id it already holds.
 */
final class Journal {

    /** Records read back, and the file offset just past them. */
    record Batch(List<CallRecord> records, long end, int unreadable) {
    }

    private static final int READ_CHUNK = 1 << 20;

    private final Path file;
    private final Path offsetFile;
    private long replayed;

    /** Opens the journal in {@code directory}, creating the directory; a line cut short by a crash is closed. */
    Journal(Path directory) throws IOException {
        Files.createDirectories(directory);
        file = directory.resolve("journal.log");
        offsetFile = directory.resolve("journal.replayed");
        replayed = savedOffset(offsetFile);
        if (Files.exists(file) && Files.size(file) > 0) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ByteBuffer last = ByteBuffer.allocate(1);
                channel.read(last, channel.size() - 1);
                if (last.get(0) != '\n') {
                    channel.write(ByteBuffer.wrap(new byte[] {'\n'}), channel.size());
                }
            }
        }
    }

    /** The saved replay position; from the start when it cannot be read (records replayed again are stored once). */
    private static long savedOffset(Path offsetFile) throws IOException {
        if (!Files.exists(offsetFile)) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(Files.readString(offsetFile).trim()));
        } catch (NumberFormatException damaged) {
            return 0;
        }
    }

    Path file() {
        return file;
    }

    /** Appends the records and forces them to disk. */
    synchronized void append(List<CallRecord> records) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (CallRecord record : records) {
            lines.append(RecordCodec.encode(record)).append('\n');
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
        }
    }

    /** True while records wait in the journal. */
    synchronized boolean hasPending() throws IOException {
        return Files.exists(file) && Files.size(file) > replayed;
    }

    /** {@link #hasPending()}, false when the file cannot even be looked at (appending will say why). */
    synchronized boolean hasPendingQuietly() {
        try {
            return hasPending();
        } catch (IOException e) {
            return false;
        }
    }

    /** Bytes waiting to be replayed. */
    synchronized long pendingBytes() {
        try {
            return Files.exists(file) ? Math.max(0, Files.size(file) - replayed) : 0;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Reads up to {@code max} records from where the replay stands. */
    synchronized Batch read(int max) throws IOException {
        List<CallRecord> records = new ArrayList<>();
        int unreadable = 0;
        long position = replayed;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer chunk = ByteBuffer.allocate(READ_CHUNK);
            channel.read(chunk, position);
            chunk.flip();
            byte[] bytes = new byte[chunk.remaining()];
            chunk.get(bytes);
            int start = 0;
            for (int i = 0; i < bytes.length && records.size() < max; i++) {
                if (bytes[i] != '\n') {
                    continue;
                }
                String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
                start = i + 1;
                if (line.isEmpty()) {
                    continue;
                }
                try {
                    records.add(RecordCodec.decode(line));
                } catch (RuntimeException cutShortOrForeign) {
                    unreadable++;
                }
            }
            if (start == 0 && bytes.length == READ_CHUNK) {
                throw new IOException("journal line longer than " + READ_CHUNK + " bytes at offset " + position);
            }
            position += start;
        }
        return new Batch(records, position, unreadable);
    }

    /** Everything before {@code end} is in the database; the file goes when nothing is left after it. */
    synchronized void replayed(long end) throws IOException {
        if (end >= Files.size(file)) {
            Files.deleteIfExists(file);
            Files.deleteIfExists(offsetFile);
            replayed = 0;
            return;
        }
        Path temporary = offsetFile.resolveSibling("journal.replayed.tmp");
        Files.writeString(temporary, Long.toString(end));
        Files.move(temporary, offsetFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        replayed = end;
    }
}
