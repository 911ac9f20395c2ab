package io.datastreamscaling.local.process;

import io.datastreamscaling.streams.StreamsService;

/** The streams app of a run, in the launcher's JVM or (under {@code --chaos}) a child JVM. */
public interface StreamsInstance extends AutoCloseable {
    int httpPort();

    long windowsEmitted();

    @Override
    void close();

    static StreamsInstance inProcess(StreamsService service) {
        return new StreamsInstance() {
            @Override
            public int httpPort() {
                return service.httpPort();
            }

            @Override
            public long windowsEmitted() {
                return service.windowsEmitted();
            }

            @Override
            public void close() {
                service.close();
            }
        };
    }

    static StreamsInstance child(ChildService child) {
        return new StreamsInstance() {
            @Override
            public int httpPort() {
                return child.port();
            }

            @Override
            public long windowsEmitted() {
                return child.total("streams_windows_emitted_total", null, null);
            }

            @Override
            public void close() {
                child.stop();
            }
        };
    }
}
