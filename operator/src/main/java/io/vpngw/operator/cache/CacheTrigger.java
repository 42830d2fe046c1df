package io.vpngw.operator.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.Set;
import java.util.function.Function;

/**
 * A JOSDK event source fed by {@link ClusterCaches}: a change to an object of kind {@code R}
 * triggers the reconcile of the primaries the mapper names. It holds no cache of its own;
 * reconcilers read the shared caches.
 */
public final class CacheTrigger<R extends HasMetadata, P extends HasMetadata> extends AbstractEventSource<R, P> {
    private final ClusterCaches caches;
    private final Function<R, Set<ResourceID>> mapper;

    public CacheTrigger(String name, Class<R> type, ClusterCaches caches, Function<R, Set<ResourceID>> mapper) {
        super(type, name);
        this.caches = caches;
        this.mapper = mapper;
    }

    @Override
    public void start() {
        caches.listen(resourceType(), r -> {
            if (isRunning()) {
                mapper.apply(r).forEach(id -> getEventHandler().handleEvent(new Event(id)));
            }
        });
        super.start();
    }

    @Override
    public Set<R> getSecondaryResources(P primary) {
        return Set.of();
    }
}
