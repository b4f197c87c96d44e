package io.mxnotify.fakehs.internal;

import io.javalin.http.Context;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;

/** Takes over a request's TCP connection to imitate network failures: close, reset, or a cut-off answer. */
public final class ConnectionControl {
    private ConnectionControl() {
    }

    /** Closes the connection without an answer (the client sees EOF / "empty reply from server"). */
    public static void close(Context ctx) {
        endPoint(ctx).close();
    }

    /** Resets the connection: SO_LINGER 0 then close makes the kernel send RST ("connection reset by peer"). */
    public static void reset(Context ctx) {
        EndPoint endPoint = endPoint(ctx);
        SocketChannel channel = socketChannel(endPoint);
        if (channel != null) {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                channel.close();
            } catch (IOException e) {
                // the connection is gone either way
            }
        }
        endPoint.close();
    }

    /**
     * Sends the status and headers with the full {@code Content-Length}, then only the first half of
     * the body, then closes: the client sees a truncated answer.
     */
    public static void truncate(Context ctx, int status, byte[] body) {
        HttpServletResponse response = ctx.res();
        try {
            response.setStatus(status);
            response.setContentType("application/json");
            response.setContentLengthLong(body.length);
            ServletOutputStream out = response.getOutputStream();
            out.write(body, 0, Math.max(1, body.length / 2));
            out.flush();
            response.flushBuffer();
        } catch (IOException e) {
            // the client went away first
        } finally {
            endPoint(ctx).close();
        }
    }

    private static EndPoint endPoint(Context ctx) {
        return ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData().getConnection()
                .getEndPoint();
    }

    private static SocketChannel socketChannel(EndPoint endPoint) {
        Object transport = endPoint.getTransport();
        for (int depth = 0; depth < 4 && transport != null; depth++) {
            if (transport instanceof SocketChannel channel) {
                return channel;
            }
            if (transport instanceof EndPoint inner) {
                transport = inner.getTransport();
            } else {
                return null;
            }
        }
        return null;
    }
}
