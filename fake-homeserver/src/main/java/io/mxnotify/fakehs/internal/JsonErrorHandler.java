package io.mxnotify.fakehs.internal;

import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers (a request it refuses before any route sees it: a broken URI, headers too
 * large) as spec error JSON instead of an HTML page.
 */
public final class JsonErrorHandler extends ErrorHandler {
    private final JsonCodec json;

    public JsonErrorHandler(JsonCodec json) {
        this.json = json;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        Object attribute = request.getAttribute(ERROR_STATUS);
        if (attribute instanceof Integer code) {
            status = code;
        }
        if (status < 400) {
            status = 500;
        }
        Object message = request.getAttribute(ERROR_MESSAGE);
        String errcode = switch (status) {
            case 413, 414, 431 -> "M_TOO_LARGE";
            case 404, 405, 400 -> "M_UNRECOGNIZED";
            case 429 -> "M_LIMIT_EXCEEDED";
            default -> "M_UNKNOWN";
        };
        String text = "Request refused by the HTTP layer (" + status + ")"
                + (message == null ? "" : ": " + message);
        byte[] body = json.write(json.error(errcode, text, Map.of()));
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Integer.toString(body.length));
        // Jetty drops the connection after refusing a request at this layer (its body is never read):
        // say so, or a client that pooled the connection fails its next request on it.
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

}
