using Marten;
using Npgsql;
using OneRoster.Projections.IntegrationTests.Infrastructure;
using OneRoster.Projections.Storage;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Api;

/// <summary>
/// The counts PostgreSQL keeps per tenant, class and kind follow every way documents are written: bulk
/// inserts and overwrites, single stores (a role change moves a user between kinds), deletes and the
/// removal of a tenant. Each step is checked against a count of the rows themselves.
/// </summary>
public sealed class DocumentCountsTests
{
    private const string Table = ProjectionStore.Schema + ".mt_doc_onerosterdocument";

    [Fact]
    public async Task the_kept_counts_equal_the_rows_after_every_kind_of_write()
    {
        var connectionString = await TestServices.PostgresAsync();
        using var store = DocumentStore.For(options => ProjectionStore.Configure(options, connectionString));
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await store.Storage.Database.EnsureStorageExistsAsync(typeof(OneRosterDocument));
        Assert.True(await DocumentCounts.EnsureAsync(dataSource, CancellationToken.None));
        var tenant = "counts-" + Guid.NewGuid().ToString("N");

        await store.BulkInsertAsync(
            tenant,
            [
                .. Enumerable.Range(0, 30).Select(i => Documents.User($"s{i}", "student")),
                .. Enumerable.Range(0, 5).Select(i => Documents.User($"t{i}", "teacher")),
                Documents.Class("c1"),
                Documents.Course("k1"),
            ]
        );
        await AssertCountsAsync(
            dataSource,
            tenant,
            ("classes", "", 1),
            ("courses", "", 1),
            ("users", "student", 30),
            ("users", "teacher", 5)
        );

        // Overwriting what exists adds nothing; new documents in the same batch are added.
        await store.BulkInsertAsync(
            tenant,
            [Documents.User("s0", "student"), Documents.User("s30", "student")],
            Weasel.Core.BulkInsertMode.OverwriteExisting
        );
        await AssertCountsAsync(
            dataSource,
            tenant,
            ("classes", "", 1),
            ("courses", "", 1),
            ("users", "student", 31),
            ("users", "teacher", 5)
        );

        await using (var session = store.LightweightSession(tenant))
        {
            // s1 becomes a teacher, c1 is rewritten unchanged in kind, k1 is deleted.
            session.Store(Documents.User("s1", "teacher"));
            session.Store(Documents.Class("c1"));
            session.Delete<OneRosterDocument>(OneRosterDocument.IdOf("courses", "k1"));
            await session.SaveChangesAsync();
        }
        await AssertCountsAsync(
            dataSource,
            tenant,
            ("classes", "", 1),
            ("courses", "", 0),
            ("users", "student", 30),
            ("users", "teacher", 6)
        );

        await store.Advanced.DeleteAllTenantDataAsync(tenant, CancellationToken.None);
        await AssertCountsAsync(
            dataSource,
            tenant,
            ("classes", "", 0),
            ("courses", "", 0),
            ("users", "student", 0),
            ("users", "teacher", 0)
        );
    }

    /// <summary>The kept counts and the rows' own counts agree, and both are what the test expects.</summary>
    private static async Task AssertCountsAsync(
        NpgsqlDataSource dataSource,
        string tenant,
        params (string Class, string Kind, long Count)[] expected
    )
    {
        foreach (var (@class, kind, count) in expected)
        {
            await using var command = dataSource.CreateCommand(
                $"select ({DocumentCounts.CountSql("$1", "$2", "$3")}), "
                    + $"(select count(*) from {Table} where tenant_id = $1 and class = $2 and coalesce(kind, '') = $3)"
            );
            command.Parameters.AddWithValue(tenant);
            command.Parameters.AddWithValue(@class);
            command.Parameters.AddWithValue(kind);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            Assert.Equal((@class, kind, count), (@class, kind, reader.GetInt64(1)));
            Assert.Equal((@class, kind, count), (@class, kind, reader.GetInt64(0)));
        }
    }
}
