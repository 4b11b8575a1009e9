package io.sipsm.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.apache.karaf.shell.support.table.ShellTable;
import org.junit.jupiter.api.Test;

class WrappedRowsTest {

    @Test
    void shortTextStaysOneLine() {
        assertEquals(List.of("exact"), WrappedRows.lines("exact", 10));
    }

    @Test
    void breaksAtSpacesWithoutLosingAWord() {
        assertEquals(List.of("a peer that", "is not the", "refresher"), WrappedRows.lines("a peer that is not the refresher", 11));
    }

    @Test
    void breaksAListAfterItsCommas() {
        assertEquals(List.of("0.5,1,2,4,", "4,4,4"), WrappedRows.lines("0.5,1,2,4,4,4,4", 10));
    }

    @Test
    void cutsAWordLongerThanTheWidth() {
        assertEquals(List.of("abcd", "ef"), WrappedRows.lines("abcdef", 4));
    }

    @Test
    void continuationRowsLeaveTheOtherCellsEmpty() {
        ShellTable table = new ShellTable().noHeaders();
        table.column("label");
        table.column("text");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        WrappedRows.add(table, List.of("why", "one two three"), 1, 8);
        table.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), StandardCharsets.US_ASCII, true);

        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length);
        assertEquals(List.of("why", "one two"), cells(lines[0]));
        assertEquals(List.of("", "three"), cells(lines[1]));
    }

    private static List<String> cells(String line) {
        return Arrays.stream(line.split("\\|")).map(String::trim).toList();
    }
}
