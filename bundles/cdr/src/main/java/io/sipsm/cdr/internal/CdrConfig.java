package io.sipsm.cdr.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the call record store (PID {@value #PID}). */
@ObjectClassDefinition(
        id = CdrConfig.PID,
        name = "sipsm call detail records",
        description = "Stores each call's record in the SQL database of the DataSource service named by"
                + " dataSource.target, with a local journal while that database is away. An invalid value is"
                + " refused and logged, naming the key, the value and the reason; the last good value stays.")
public @interface CdrConfig {

    /** The configuration PID. */
    String PID = "io.sipsm.cdr";

    @AttributeDefinition(name = "Data source",
            description = "LDAP filter choosing the javax.sql.DataSource service the records go to. The default"
                    + " names the embedded H2 database of the sipsm-cdr feature (etc/org.ops4j.datasource-cdr.cfg);"
                    + " point that configuration at PostgreSQL or MySQL, or this filter at another data source.")
    String dataSource_target() default "(dataSourceName=sipsm-cdr)";

    @AttributeDefinition(name = "Retention (days)",
            description = "Records whose call started longer ago are deleted, checked every hour; 0 keeps every"
                    + " record. 0 to 36500.")
    String retention_days() default "90";

    @AttributeDefinition(name = "Queue capacity",
            description = "Records waiting in memory for the writer at most; past it they go to the journal on"
                    + " disk. 100 to 1000000.")
    String queue_capacity() default "10000";

    @AttributeDefinition(name = "Batch size",
            description = "Records written in one database transaction at most. 1 to 10000.")
    String batch_size() default "200";

    @AttributeDefinition(name = "Retry interval (seconds)",
            description = "While the database is away, how often the writer tries it again to replay the journal."
                    + " 1 to 3600.")
    String retry_seconds() default "5";

    @AttributeDefinition(name = "Yield the CPU from (percent)",
            description = "While the machine's CPU use by other work than the writer's is at least this, records"
                    + " wait in the journal instead of going to the database, so that the database's work does not"
                    + " take the cores the calls need; they are written in order once the CPU is spare again. 0"
                    + " never holds records back. 0 to 100.")
    String yield_cpu_percent() default "80";

    @AttributeDefinition(name = "Longest wait for spare CPU (seconds)",
            description = "A record held back for spare CPU is written once it has waited this long, however"
                    + " busy the machine. 1 to 86400.")
    String yield_max_seconds() default "900";
}
