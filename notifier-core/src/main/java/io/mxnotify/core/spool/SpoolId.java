package io.mxnotify.core.spool;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A spooled notification's identity and file name: {@code <sequence>-<txnId>.json}. The sequence is
 * strictly increasing across every process sharing a spool, so sorting ids gives the enqueue order;
 * the txnId makes the name unique even if the sequence were ever reused.
 *
 * @param sequence the enqueue order (19 decimal digits in the name)
 * @param txnId    the Matrix transaction id (URL-safe base64 characters)
 */
public record SpoolId(long sequence, String txnId) implements Comparable<SpoolId> {

    private static final Pattern TXN_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern FILE_NAME = Pattern.compile("(\\d{19})-([A-Za-z0-9_-]{1,64})\\.json");

    /** Validates the parts. */
    public SpoolId {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must be >= 0, got " + sequence);
        }
        Objects.requireNonNull(txnId, "txnId");
        if (!TXN_ID.matcher(txnId).matches()) {
            throw new IllegalArgumentException("txnId must be 1-64 characters of A-Z a-z 0-9 _ -, got " + txnId);
        }
    }

    /** Parses the text form {@code <sequence>-<txnId>} (as printed by {@link #toString()}). */
    public static SpoolId parse(String text) {
        SpoolId id = fromFileName(text + ".json");
        if (id == null) {
            throw new IllegalArgumentException("not a spool id: '" + text
                    + "' (expected 19 digits, '-', then the txnId, as shown by `mxnotify queue list`)");
        }
        return id;
    }

    /** The id named by a spool file name, or null when the name is not one of ours. */
    public static SpoolId fromFileName(String fileName) {
        Matcher m = FILE_NAME.matcher(fileName);
        if (!m.matches()) {
            return null;
        }
        try {
            return new SpoolId(Long.parseLong(m.group(1)), m.group(2));
        } catch (NumberFormatException tooLarge) {
            return null;
        }
    }

    /** The file name this entry is stored under. */
    public String fileName() {
        return this + ".json";
    }

    @Override
    public int compareTo(SpoolId other) {
        int bySequence = Long.compare(sequence, other.sequence);
        return bySequence != 0 ? bySequence : txnId.compareTo(other.txnId);
    }

    @Override
    public String toString() {
        return String.format("%019d-%s", sequence, txnId);
    }
}
