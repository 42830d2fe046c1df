package io.vpngw.gateway.ike.engine;

import io.vpngw.gateway.ike.Datagram;
import io.vpngw.gateway.ike.DatagramSender;
import io.vpngw.gateway.ike.Endpoint;
import io.vpngw.gateway.ike.message.IkeHeader;
import io.vpngw.gateway.ike.message.IkeMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Datagrams in flight between engines, delivered only when the test says so. Rules decide what
 * happens to each datagram as it is sent: lost, duplicated, or held back for later.
 */
final class InMemoryNetwork implements DatagramSender {

    private final Map<Endpoint, IkeEngine> hosts = new HashMap<>();
    private final Deque<Datagram> inFlight = new ArrayDeque<>();
    private final List<Datagram> held = new ArrayList<>();
    private final List<Datagram> sent = new ArrayList<>();
    private final List<Rule> rules = new ArrayList<>();

    enum Fate { LOSE, DUPLICATE, HOLD }

    private static final class Rule {
        final Predicate<Datagram> matches;
        final Fate fate;
        int remaining;

        Rule(Predicate<Datagram> matches, Fate fate, int times) {
            this.matches = matches;
            this.fate = fate;
            this.remaining = times;
        }
    }

    void attach(Endpoint endpoint, IkeEngine engine) {
        hosts.put(endpoint, engine);
    }

    /** The next {@code times} datagrams that match meet {@code fate}. */
    void when(Predicate<Datagram> matches, Fate fate, int times) {
        rules.add(new Rule(matches, fate, times));
    }

    /** Every datagram from now on is lost, as when a peer goes silent. */
    void blackhole(Predicate<Datagram> matches) {
        rules.add(new Rule(matches, Fate.LOSE, Integer.MAX_VALUE));
    }

    void clearRules() {
        rules.clear();
    }

    @Override
    public void send(Datagram datagram) {
        sent.add(datagram);
        for (Rule rule : rules) {
            if (rule.remaining > 0 && rule.matches.test(datagram)) {
                rule.remaining--;
                switch (rule.fate) {
                    case LOSE -> { }
                    case DUPLICATE -> {
                        inFlight.add(datagram);
                        inFlight.add(datagram);
                    }
                    case HOLD -> held.add(datagram);
                }
                return;
            }
        }
        inFlight.add(datagram);
    }

    /** Delivers until nothing is in flight (held datagrams stay held). */
    void deliverAll() {
        int budget = 10_000;
        while (!inFlight.isEmpty() && budget-- > 0) {
            Datagram next = inFlight.poll();
            IkeEngine host = hosts.get(next.destination());
            if (host != null) {
                host.receive(next);
            }
        }
    }

    /** Puts the held datagrams back in flight, last held first, to reorder them. */
    void releaseHeldReversed() {
        for (int i = held.size() - 1; i >= 0; i--) {
            inFlight.add(held.get(i));
        }
        held.clear();
    }

    List<Datagram> sent() {
        return List.copyOf(sent);
    }

    static IkeHeader header(Datagram datagram) {
        return IkeHeader.peek(datagram.bytes(), 0, datagram.length()).toOptional().orElseThrow();
    }

    static Predicate<Datagram> exchange(io.vpngw.gateway.ike.message.ExchangeType type, boolean response) {
        return d -> {
            IkeHeader h = header(d);
            return h.exchangeType().equals(type) && h.response() == response;
        };
    }

    static Predicate<Datagram> from(Endpoint source) {
        return d -> d.source().equals(source);
    }

    static boolean parses(Datagram datagram) {
        return IkeMessage.parse(datagram.bytes()).toOptional().isPresent();
    }
}
