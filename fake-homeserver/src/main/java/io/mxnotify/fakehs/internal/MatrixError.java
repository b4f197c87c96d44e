package io.mxnotify.fakehs.internal;

import java.util.Map;

/**
 * A failure answered as spec error JSON ({@code errcode}, {@code error}, plus optional extra fields
 * such as {@code retry_after_ms}). Thrown by handlers; the dispatcher turns it into the answer.
 */
public final class MatrixError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String errcode;
    private final transient Map<String, Object> extra;

    public MatrixError(int status, String errcode, String error) {
        this(status, errcode, error, Map.of());
    }

    public MatrixError(int status, String errcode, String error, Map<String, Object> extra) {
        super(error, null, false, false);
        this.status = status;
        this.errcode = errcode;
        this.extra = Map.copyOf(extra);
    }

    public int status() {
        return status;
    }

    public String errcode() {
        return errcode;
    }

    public Map<String, Object> extra() {
        return extra;
    }

    public static MatrixError badJson(String error) {
        return new MatrixError(400, "M_BAD_JSON", error);
    }

    public static MatrixError notJson(String error) {
        return new MatrixError(400, "M_NOT_JSON", error);
    }

    public static MatrixError missingParam(String error) {
        return new MatrixError(400, "M_MISSING_PARAM", error);
    }

    public static MatrixError invalidParam(String error) {
        return new MatrixError(400, "M_INVALID_PARAM", error);
    }

    public static MatrixError forbidden(String error) {
        return new MatrixError(403, "M_FORBIDDEN", error);
    }

    public static MatrixError notFound(String error) {
        return new MatrixError(404, "M_NOT_FOUND", error);
    }

    public static MatrixError unknown(int status, String error) {
        return new MatrixError(status, "M_UNKNOWN", error);
    }
}
