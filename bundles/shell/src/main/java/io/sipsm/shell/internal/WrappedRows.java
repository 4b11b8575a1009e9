package io.sipsm.shell.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.karaf.shell.support.table.ShellTable;

/**
 * Adds rows to a {@link ShellTable}, wrapping one column at spaces and commas into continuation rows. Karaf's
 * own {@code Col.wrap()} cuts at a fixed width and garbles the word at the cut, which is the worst place for
 * it: the reasons and warnings operators need to read are the long cells.
 */
final class WrappedRows {

    private WrappedRows() {
    }

    /** Adds {@code row}, its cell {@code column} wrapped to {@code width}; other cells stay on the first line. */
    static void add(ShellTable table, List<String> row, int column, int width) {
        List<String> lines = lines(row.get(column), width);
        for (int i = 0; i < lines.size(); i++) {
            List<Object> cells = new ArrayList<>(i == 0 ? row : Collections.nCopies(row.size(), ""));
            cells.set(column, lines.get(i));
            table.addRow().addContent(cells);
        }
    }

    /**
     * The text in lines of at most {@code width} characters, broken after a space or a comma (a resend list is
     * one long word otherwise); a word longer than the width is cut.
     */
    static List<String> lines(String text, int width) {
        List<String> lines = new ArrayList<>();
        String rest = text;
        while (rest.length() > width) {
            int cut = Math.max(rest.lastIndexOf(' ', width), rest.lastIndexOf(',', width - 1) + 1);
            if (cut <= 0) {
                cut = width;
            }
            lines.add(rest.substring(0, cut).stripTrailing());
            rest = rest.substring(cut).stripLeading();
        }
        lines.add(rest);
        return lines;
    }
}
