package io.mxnotify.fakehs.internal;

/**
 * Pagination and sync tokens: {@code s<position>}, meaning "after the event at that stream position".
 */
public final class StreamToken {
    private StreamToken() {
    }

    public static String format(long position) {
        return "s" + Math.max(0, position);
    }

    /** Parses a token; {@code M_INVALID_PARAM} when it is not one of ours. */
    public static long parse(String token) {
        if (token.length() < 2 || token.charAt(0) != 's') {
            throw MatrixError.invalidParam("Invalid pagination token '" + HomeserverState.abbreviate(token)
                    + "': use a token this server returned (next_batch, start, end, prev_batch)");
        }
        try {
            long position = Long.parseLong(token.substring(1));
            if (position < 0) {
                throw new NumberFormatException();
            }
            return position;
        } catch (NumberFormatException e) {
            throw MatrixError.invalidParam("Invalid pagination token '" + HomeserverState.abbreviate(token)
                    + "': use a token this server returned (next_batch, start, end, prev_batch)");
        }
    }
}
