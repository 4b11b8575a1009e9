package io.sipsm.health.internal;

import java.util.List;

import org.apache.felix.hc.api.execution.HealthCheckExecutionOptions;
import org.apache.felix.hc.api.execution.HealthCheckExecutionResult;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.apache.felix.hc.api.execution.HealthCheckSelector;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Runs the health checks through Felix's executor for the HTTP endpoint and the shell. Every run executes the
 * checks afresh: a cached result could disagree with the keep-alive answer the host gives at the same moment.
 */
@Component(service = Health.class)
public class Health {

    /** The tag that selects every check that has a tag. */
    static final String EVERY_CHECK = "*";

    private final HealthCheckExecutor executor;

    @Activate
    public Health(@Reference HealthCheckExecutor executor) {
        this.executor = executor;
    }

    /** @param tags run the checks with any of these tags; every check when empty */
    public HealthReport run(List<String> tags) {
        // Felix's executor selects nothing for an empty selector; the tag * is its "every tagged check".
        HealthCheckSelector selector = HealthCheckSelector.tags(tags.isEmpty() ? new String[] {EVERY_CHECK}
                : tags.toArray(String[]::new));
        List<HealthCheckExecutionResult> results = executor.execute(selector,
                new HealthCheckExecutionOptions().setForceInstantExecution(true).setCombineTagsWithOr(true));
        return new HealthReport(tags, results.stream().map(r -> new HealthReport.Check(
                r.getHealthCheckMetadata().getName(), r.getHealthCheckMetadata().getTags(),
                r.getHealthCheckResult().getStatus(), HealthReport.Check.messages(r.getHealthCheckResult()),
                r.getElapsedTimeInMs(), r.hasTimedOut())).toList());
    }
}
