package io.vpngw.gateway.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Closing while other threads are inside calls: nobody may touch the descriptor after its release. */
class NonBlockingDescriptorTest {

    @Test
    void closeWaitsForCallsInFlightAndLaterCallsAreRefused() throws InterruptedException {
        NonBlockingDescriptor descriptor = NonBlockingDescriptor.adopt(newUdpFd(), "test socket");
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicLong callsMade = new AtomicLong();
        CountDownLatch running = new CountDownLatch(4);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            boolean readSide = i % 2 == 0;
            threads.add(Thread.ofPlatform().name("caller-" + i).start(() -> {
                running.countDown();
                try {
                    while (true) {
                        boolean entered = readSide ? descriptor.enterRead() : descriptor.enterWrite();
                        if (!entered) {
                            return;
                        }
                        try {
                            // Touches the descriptor's native scratch: after a release this would throw.
                            MemorySegment errno = readSide ? descriptor.readErrno() : descriptor.writeErrno();
                            LinuxSyscalls.errno(errno);
                            callsMade.incrementAndGet();
                        } finally {
                            if (readSide) {
                                descriptor.exitRead();
                            } else {
                                descriptor.exitWrite();
                            }
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        long before = callsMade.get();
        while (callsMade.get() < before + 10_000) {
            Thread.onSpinWait();
        }

        descriptor.close();

        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(5));
            assertThat(thread.isAlive()).as(thread.getName() + " stopped").isFalse();
        }
        assertThat(failures).isEmpty();
        assertThat(descriptor.isOpen()).isFalse();
        assertThat(descriptor.enterRead()).isFalse();
        assertThat(descriptor.enterWrite()).isFalse();
        assertThat(descriptor.awaitReadable(-1)).as("a wait after close returns at once").isTrue();
        descriptor.close();
    }

    @Test
    void aWaitForReadableTimesOutWhenNothingHappens() {
        try (NonBlockingDescriptor descriptor = NonBlockingDescriptor.adopt(newUdpFd(), "idle socket")) {
            long start = System.nanoTime();
            assertThat(descriptor.awaitReadable(50)).isFalse();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(45));
            assertThat(descriptor.awaitWritable(1_000)).as("an idle UDP socket has room").isTrue();
        }
    }

    private static int newUdpFd() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = LinuxSyscalls.allocateErrnoSlot(arena);
            int fd = LinuxSyscalls.socket(errno, LinuxSyscalls.AF_INET,
                    LinuxSyscalls.SOCK_DGRAM | LinuxSyscalls.SOCK_NONBLOCK | LinuxSyscalls.SOCK_CLOEXEC, 0);
            assertThat(fd).as("socket(): %s", SyscallException.describe(errno.get(ValueLayout.JAVA_INT, 0))).isNotNegative();
            return fd;
        }
    }
}
