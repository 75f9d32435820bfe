using JasperFx;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Weasel.Postgresql.Tables;

namespace OneRoster.Projections.Storage;

/// <summary>Marten configuration shared by the poller, the projector and the query API.</summary>
public static class ProjectionStore
{
    public const string Schema = "oneroster";

    /// <summary>Duplicated columns of OneRosterDocument that get no index of their own (see Configure).</summary>
    public static readonly IReadOnlyList<string> UnindexedDocumentColumns =
    [
        "class",
        "sourced_id",
        "status",
        "date_last_modified",
        "kind",
    ];

    /// <summary>Duplicated columns of SourceRecord that get no index of their own (see Configure).</summary>
    public static readonly IReadOnlyList<string> UnindexedSourceColumns = ["resource", "ed_fi_id"];

    public static void Configure(StoreOptions options, string connectionString)
    {
        options.Connection(connectionString);
        options.DatabaseSchemaName = Schema;
        options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        options.Policies.AllDocumentsAreMultiTenanted();

        options
            .Schema.For<SourceRecord>()
            .Duplicate(x => x.Resource)
            .Duplicate(x => x.EdFiId!)
            // A recompute finds the records of its partitions with one index probe per key (keys @> array[k]).
            // Without fastupdate: pending entries would be scanned again by every probe, and a projector that
            // keeps inserting keeps the pending list long (probes measured at 8 ms instead of 0.02 ms).
            .Duplicate(
                x => x.Keys,
                "text[]",
                configure: index =>
                {
                    index.Method = IndexMethod.gin;
                    index.StorageParameters["fastupdate"] = "off";
                }
            )
            // A page finds the stored records holding its items' Ed-Fi ids (key changes, deletes without key
            // values) with one probe each. No index leads with the resource: on statistics taken while a
            // resource was still small, the planner read every record of the resource for each page instead
            // (a 50,000-student initial sync read 72 million index entries, and pages slowed from 30 to 170 ms
            // until the next auto-analyze); an Ed-Fi id is unique, so the resource is only a filter.
            .StartIndexesByTenantId()
            .Index([x => x.EdFiId!], index => index.Name = "ix_sourcerecord_edfi_id");

        options
            .Schema.For<OneRosterDocument>()
            .Duplicate(x => x.Class)
            .Duplicate(x => x.SourcedId)
            .Duplicate(x => x.Status)
            .Duplicate(x => x.DateLastModified)
            .Duplicate(x => x.Kind!)
            .Duplicate(x => x.Partition!)
            // Row-level authorization: "the document's organizations overlap the caller's" (&&, GIN index).
            .Duplicate(
                x => x.EducationOrganizationIds,
                "bigint[]",
                NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint,
                index => index.Method = IndexMethod.gin
            )
            // Nested endpoints ("the enrollments of class X"): one GIN probe on the references, never the JSON.
            // Without fastupdate, so a query never rescans a pending list the projector keeps filling.
            .Duplicate(
                x => x.RelatedIds,
                "text[]",
                NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text,
                index =>
                {
                    index.Method = IndexMethod.gin;
                    index.StorageParameters["fastupdate"] = "off";
                }
            )
            // What the API's hot queries walk: a class (or subset) in ordinal sourcedId order, and deltas
            // by dateLastModified, each within one tenant.
            .StartIndexesByTenantId()
            .Index([x => x.Class, x => x.SourcedId], index =>
            {
                index.Name = "ix_onerosterdocument_paging";
                index.Collation = "C";
            })
            .Index([x => x.Class, x => x.Kind!, x => x.SourcedId], index =>
            {
                index.Name = "ix_onerosterdocument_subset_paging";
                index.Collation = "C";
            })
            .Index([x => x.Class, x => x.DateLastModified], index =>
                index.Name = "ix_onerosterdocument_delta"
            );

        options.Schema.For<SyncCheckpoint>();
        // Pages and recomputes both rewrite the state: a stale copy must fail and retry, never overwrite.
        options.Schema.For<ProjectionState>().UseOptimisticConcurrency(true);
        options.Schema.For<QuarantineEntry>().Duplicate(x => x.Resource);

        // Deployment-wide: a client or tenant definition belongs to no tenant's data.
        options.Schema.For<Security.ApiClient>().SingleTenanted().Duplicate(x => x.Tenant);
        options.Schema.For<Security.TokenSigningKey>().SingleTenanted();
        options.Schema.For<TenantDefinition>().SingleTenanted();
        options.Schema.For<StorageMigration>().SingleTenanted();

        // Marten gives every duplicated column an index of its own. Every query here is within one tenant and
        // goes through the composite indexes above; the single-column ones only slowed every write and, on a
        // database holding one tenant, tempted the planner into reading a whole class across tenants.
        RemoveSingleColumnIndexes(options, typeof(OneRosterDocument), UnindexedDocumentColumns);
        RemoveSingleColumnIndexes(options, typeof(SourceRecord), UnindexedSourceColumns);
    }

    private static void RemoveSingleColumnIndexes(
        StoreOptions options,
        Type documentType,
        IReadOnlyList<string> columns
    )
    {
        var mapping = (Marten.Schema.DocumentMapping)
            ((IReadOnlyStoreOptions)options).FindOrResolveDocumentType(documentType);
        foreach (
            var index in mapping
                .Indexes.OfType<Marten.Schema.DocumentIndex>()
                .Where(index => index.Columns is [var column] && columns.Contains(column))
                .ToList()
        )
        {
            mapping.Indexes.Remove(index);
        }
    }

    public static IServiceCollection AddProjectionStore(
        this IServiceCollection services,
        string connectionString
    )
    {
        services.AddMarten(options => Configure(options, connectionString));
        return services;
    }
}
