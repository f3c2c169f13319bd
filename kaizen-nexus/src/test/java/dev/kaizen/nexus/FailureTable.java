package dev.kaizen.nexus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.kaizen.nexus.channel.FailureKind;

/** The failure table of docs/errors.md, as the tests read it: one row per failure kind. */
public final class FailureTable {

    /**
     * One row.
     *
     * @param kind the kind
     * @param restStatus the REST status
     * @param mcp the MCP column, such as {@code isError} or {@code isError, correlation id}
     * @param shellExit the shell's exit code
     */
    public record Row(FailureKind kind, int restStatus, String mcp, int shellExit) {

        /**
         * @return whether the MCP text names a correlation id
         */
        public boolean mcpNamesCorrelationId() {
            return mcp.contains("correlation id");
        }
    }

    private FailureTable() {
    }

    /**
     * @param page a docs page
     * @return the failure table on it, markers included
     * @throws IOException if the page cannot be read
     */
    public static String block(Path page) throws IOException {
        String text = Files.readString(page);
        int start = text.indexOf("<!-- failure-table -->");
        int end = text.indexOf("<!-- /failure-table -->");
        if (start < 0 || end < 0) {
            throw new IllegalStateException(page + " has no failure table");
        }
        return text.substring(start, end);
    }

    /**
     * @return every row, in the page's order
     */
    public static List<Row> rows() {
        String page;
        try {
            page = Files.readString(Path.of("../docs/errors.md"));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String table = page.substring(page.indexOf("<!-- failure-table -->"), page.indexOf("<!-- /failure-table -->"));
        List<Row> rows = new ArrayList<>();
        for (String line : table.lines().toList()) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("\\|");
            String slug = cells[1].strip().replace("`", "");
            FailureKind kind = FailureKind.ofSlug(slug)
                    .orElseThrow(() -> new IllegalStateException("docs/errors.md names an unknown kind " + slug));
            rows.add(new Row(kind, Integer.parseInt(cells[3].strip()), cells[4].strip().replace("`", ""),
                    Integer.parseInt(cells[5].strip())));
        }
        return rows;
    }
}
