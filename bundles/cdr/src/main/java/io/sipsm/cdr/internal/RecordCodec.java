package io.sipsm.cdr.internal;

import java.util.ArrayList;
import java.util.List;

import io.sipsm.cdr.CallRecord;
import io.sipsm.cdr.EndDirection;
import io.sipsm.cdr.EndReason;
import io.sipsm.cdr.GatewayAttempt;

/**
 * A record as one line of the journal: tab-separated fields after a version tag, backslash escapes for tab,
 * newline, carriage return and backslash, {@code \N} for null. One line per record keeps the journal appendable
 * and readable with a text editor; a line cut short by a crash fails to decode and is counted, not replayed.
 */
final class RecordCodec {

    private static final String VERSION = "cdr1";
    private static final String NULL = "\\N";
    private static final int FIXED = 19;
    private static final int PER_ATTEMPT = 6;

    private RecordCodec() {
    }

    static String encode(CallRecord r) {
        List<String> fields = new ArrayList<>(List.of(VERSION));
        add(fields, r.recordId, r.callerCallId, r.calleeCallId, r.caller, r.callee, r.requestDomain,
                r.sourceAddress, r.tenant, r.application);
        add(fields, Long.toString(r.inviteAt), Long.toString(r.firstProvisionalAt), Long.toString(r.answeredAt),
                Long.toString(r.endedAt), r.answeringGateway, name(r.endReason), name(r.endDirection), r.endedBy,
                Integer.toString(r.finalStatus), r.reasonText);
        fields.add(Integer.toString(r.attempts.size()));
        for (GatewayAttempt a : r.attempts) {
            add(fields, a.gateway, a.callId, Long.toString(a.sentAt), Long.toString(a.endedAt),
                    Integer.toString(a.status), name(a.endReason));
        }
        return String.join("\t", fields);
    }

    /** @throws IllegalArgumentException for a line this version did not write, or one cut short */
    static CallRecord decode(String line) {
        String[] f = line.split("\t", -1);
        if (f.length < FIXED + 2 || !VERSION.equals(f[0])) {
            throw new IllegalArgumentException("not a record line");
        }
        CallRecord r = new CallRecord();
        int i = 1;
        r.recordId = text(f[i++]);
        r.callerCallId = text(f[i++]);
        r.calleeCallId = text(f[i++]);
        r.caller = text(f[i++]);
        r.callee = text(f[i++]);
        r.requestDomain = text(f[i++]);
        r.sourceAddress = text(f[i++]);
        r.tenant = text(f[i++]);
        r.application = text(f[i++]);
        r.inviteAt = Long.parseLong(f[i++]);
        r.firstProvisionalAt = Long.parseLong(f[i++]);
        r.answeredAt = Long.parseLong(f[i++]);
        r.endedAt = Long.parseLong(f[i++]);
        r.answeringGateway = text(f[i++]);
        r.endReason = reason(text(f[i++]));
        String direction = text(f[i++]);
        r.endDirection = direction == null ? null : EndDirection.valueOf(direction);
        r.endedBy = text(f[i++]);
        r.finalStatus = Integer.parseInt(f[i++]);
        r.reasonText = text(f[i++]);
        int attempts = Integer.parseInt(f[i++]);
        if (f.length != i + attempts * PER_ATTEMPT || r.recordId == null) {
            throw new IllegalArgumentException("record line cut short");
        }
        for (int n = 0; n < attempts; n++) {
            GatewayAttempt a = new GatewayAttempt();
            a.gateway = text(f[i++]);
            a.callId = text(f[i++]);
            a.sentAt = Long.parseLong(f[i++]);
            a.endedAt = Long.parseLong(f[i++]);
            a.status = Integer.parseInt(f[i++]);
            a.endReason = reason(text(f[i++]));
            r.attempts.add(a);
        }
        return r;
    }

    private static void add(List<String> fields, String... values) {
        for (String value : values) {
            fields.add(escape(value));
        }
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    /** A reason a later version wrote and this one does not know is kept as {@link EndReason#OTHER}. */
    private static EndReason reason(String name) {
        if (name == null) {
            return null;
        }
        try {
            return EndReason.valueOf(name);
        } catch (IllegalArgumentException unknown) {
            return EndReason.OTHER;
        }
    }

    static String escape(String value) {
        if (value == null) {
            return NULL;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String text(String field) {
        if (NULL.equals(field)) {
            return null;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 1 < field.length()) {
                char next = field.charAt(++i);
                out.append(switch (next) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> next;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
