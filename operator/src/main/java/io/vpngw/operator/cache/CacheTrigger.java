package io.vpngw.operator.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * A JOSDK event source fed by {@link ClusterCaches}: a relevant change to an object of kind
 * {@code R} triggers the reconcile of the primaries the mapper names, for the object as it was
 * and as it is (a reference that moved away must reach its old target too). It holds no cache of
 * its own; reconcilers read the shared caches.
 */
public final class CacheTrigger<R extends HasMetadata, P extends HasMetadata> extends AbstractEventSource<R, P> {
    private final ClusterCaches caches;
    private final Function<R, Set<ResourceID>> mapper;
    private final BiPredicate<R, R> relevant;

    /** Triggers on every change, status included. */
    public CacheTrigger(String name, Class<R> type, ClusterCaches caches, Function<R, Set<ResourceID>> mapper) {
        this(name, type, caches, mapper, (a, b) -> true);
    }

    /** Triggers on the changes {@code relevant(before, after)} accepts; before is null on add, after on delete. */
    public CacheTrigger(String name, Class<R> type, ClusterCaches caches, Function<R, Set<ResourceID>> mapper, BiPredicate<R, R> relevant) {
        super(type, name);
        this.caches = caches;
        this.mapper = mapper;
        this.relevant = relevant;
    }

    /** Creation, deletion, or a change of the spec (generation), deletion mark, labels or annotations; not status. */
    public static <R extends HasMetadata> boolean specOrLifecycle(R before, R after) {
        if (before == null || after == null) {
            return true;
        }
        var a = before.getMetadata();
        var b = after.getMetadata();
        return !Objects.equals(a.getGeneration(), b.getGeneration())
                || !Objects.equals(a.getDeletionTimestamp(), b.getDeletionTimestamp())
                || !Objects.equals(a.getLabels(), b.getLabels())
                || !Objects.equals(a.getAnnotations(), b.getAnnotations());
    }

    @Override
    public void start() {
        caches.listen(resourceType(), (before, after) -> {
            if (isRunning() && relevant.test(before, after)) {
                Set<ResourceID> ids = new HashSet<>();
                if (before != null) {
                    ids.addAll(mapper.apply(before));
                }
                if (after != null) {
                    ids.addAll(mapper.apply(after));
                }
                ids.forEach(id -> getEventHandler().handleEvent(new Event(id)));
            }
        });
        super.start();
    }

    @Override
    public Set<R> getSecondaryResources(P primary) {
        return Set.of();
    }
}
