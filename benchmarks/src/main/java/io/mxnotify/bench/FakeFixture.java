package io.mxnotify.bench;

import io.mxnotify.fakehs.FakeHomeserver;
import io.mxnotify.fakehs.FakeUser;
import java.net.URI;

/** Starts the fake home server the way the benchmarks use it: one user, one public room it has joined. */
final class FakeFixture implements AutoCloseable {
    private final FakeHomeserver fake;
    private final SendTarget target;

    private FakeFixture(FakeHomeserver fake, SendTarget target) {
        this.fake = fake;
        this.target = target;
    }

    /** Starts a fake with the given retention cap (10,000 is the fake's default). */
    static FakeFixture start(int retentionCap) {
        FakeHomeserver fake = FakeHomeserver.builder()
                .retentionCap(retentionCap)
                .user("bot", "secret")
                .room("alerts")
                .member("bot", "#alerts:localhost")
                .start();
        FakeUser bot = fake.user("bot");
        String roomId = fake.room("#alerts:localhost").roomId();
        return new FakeFixture(fake, new SendTarget(URI.create(fake.baseUrl()), bot.accessToken(), roomId));
    }

    FakeHomeserver fake() {
        return fake;
    }

    SendTarget target() {
        return target;
    }

    @Override
    public void close() {
        fake.close();
    }
}
