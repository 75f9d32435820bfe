using System.Globalization;
using System.Text.Json.Nodes;
using OneRoster.Projections.EdFiSandbox;

namespace OneRoster.Projections.IntegrationTests.Convergence;

/// <summary>
/// A seeded random stream of the changes a district's ODS goes through, written to the sandbox through its
/// own write operations (POST upsert by natural key, PUT by id with key changes where the ODS allows them,
/// DELETE by id). Every kind of change the mapping reacts to is in the mix: field updates, deletes,
/// re-creations under the same natural key, natural-key changes with their cascades, school moves between
/// districts, calendar days, descriptor mappings. The same seed gives the same sequence of operations.
/// </summary>
public sealed partial class ChangeStream
{
    private readonly SandboxStore store;
    private readonly Random random;
    private readonly (string Name, int Weight, Func<bool> Apply)[] operations;
    private readonly int totalWeight;
    private readonly List<(string Resource, JsonObject Body)> deferredRecreations = [];
    private int serial;

    public ChangeStream(SandboxStore store, int seed)
    {
        this.store = store;
        random = new Random(seed);
        operations = Operations();
        totalWeight = operations.Sum(o => o.Weight);
    }

    /// <summary>Successful writes so far (cascaded rows not counted).</summary>
    public int Writes { get; private set; }

    /// <summary>Successful operations by name, to show what a run covered.</summary>
    public SortedDictionary<string, int> Applied { get; } = new(StringComparer.Ordinal);

    /// <summary>Applies random operations until at least <paramref name="writes"/> more writes succeeded.</summary>
    public void ApplyBurst(int writes)
    {
        var target = Writes + writes;
        var attempts = 0;
        while (Writes < target && attempts++ < writes * 20)
        {
            var (name, apply) = ChooseOperation();
            if (apply())
            {
                Applied[name] = Applied.GetValueOrDefault(name) + 1;
            }
        }
    }

    /// <summary>Re-creates whatever was deleted to be re-created later, so the stream ends with it alive.</summary>
    public void Flush()
    {
        foreach (var (resource, body) in deferredRecreations)
        {
            Post(resource, body);
        }
        deferredRecreations.Clear();
    }

    private (string, Func<bool>) ChooseOperation()
    {
        var roll = random.Next(totalWeight);
        foreach (var (name, weight, apply) in operations)
        {
            if ((roll -= weight) < 0)
            {
                return (name, apply);
            }
        }
        throw new InvalidOperationException("unreachable");
    }

    private string Next() => (++serial).ToString(CultureInfo.InvariantCulture);

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private bool Chance(int percent) => random.Next(100) < percent;

    /// <summary>A random live record (its id and a copy of its body), optionally among those matching.</summary>
    private (string Id, JsonObject Body)? Choose(string resource, Func<JsonObject, bool>? where = null)
    {
        store.TryRead(
            useSnapshot: false,
            state =>
            {
                var rows = state.Table(resource)?.Ordered;
                if (rows is null || rows.Count == 0)
                {
                    return null;
                }
                if (where is null)
                {
                    return rows[random.Next(rows.Count)];
                }
                var matching = rows.Where(r => where(r.Body)).ToList();
                return matching.Count == 0 ? null : matching[random.Next(matching.Count)];
            },
            out SandboxRecord? record
        );
        return record is null ? null : (record.Id, record.Body.DeepClone().AsObject());
    }

    private bool Post(string resource, JsonObject body) => Counted(store.Upsert(resource, body));

    private bool Put(string resource, string id, JsonObject body) =>
        Counted(store.Update(resource, id, body));

    private bool Delete(string resource, string id) => Counted(store.Delete(resource, id));

    private bool Counted(WriteResult result)
    {
        if (result.Outcome is WriteOutcome.Created or WriteOutcome.Updated or WriteOutcome.Deleted)
        {
            Writes++;
            return true;
        }
        return false;
    }

    /// <summary>Changes fields of a random record and writes it by POST or PUT (the key stays).</summary>
    private bool Update(string resource, Func<JsonObject, bool> change, Func<JsonObject, bool>? where = null)
    {
        if (Choose(resource, where) is not (var id, var body) || !change(body))
        {
            return false;
        }
        return Chance(50) ? Post(resource, body) : Put(resource, id, body);
    }

    /// <summary>Changes the natural key of a random record by PUT; the sandbox cascades it like the ODS.</summary>
    private bool ChangeKey(string resource, Action<JsonObject> change)
    {
        if (Choose(resource) is not (var id, var body))
        {
            return false;
        }
        change(body);
        return Put(resource, id, body);
    }

    private bool DeleteAny(string resource, Func<JsonObject, bool>? where = null) =>
        Choose(resource, where) is (var id, var _) && Delete(resource, id);

    /// <summary>
    /// Deletes a record and posts it again under the same natural key, which gives it a new id: at once (the
    /// ODS then hides the delete from /deletes) or a few bursts later.
    /// </summary>
    private bool Recreate()
    {
        var resource = Pick(Recreatable);
        if (Choose(resource) is not (var id, var body) || !Delete(resource, id))
        {
            return false;
        }
        if (Chance(60))
        {
            return Post(resource, body);
        }
        deferredRecreations.Add((resource, body));
        return true;
    }

    private bool RecreateDeferred()
    {
        if (deferredRecreations.Count == 0)
        {
            return false;
        }
        var index = random.Next(deferredRecreations.Count);
        var (resource, body) = deferredRecreations[index];
        deferredRecreations.RemoveAt(index);
        return Post(resource, body);
    }

    private static readonly string[] Recreatable =
    [
        "students",
        "staffs",
        "contacts",
        "studentSchoolAssociations",
        "studentEducationOrganizationAssociations",
        "studentSectionAssociations",
        "staffSectionAssociations",
        "sections",
        "courseOfferings",
        "courses",
        "sessions",
        "calendarDates",
        "schools",
        "staffSchoolAssociations",
        "staffEducationOrganizationAssignmentAssociations",
        "studentContactAssociations",
        "descriptorMappings",
        "localEducationAgencies",
    ];

    private static string D(string type, string value) => $"uri://ed-fi.org/{type}Descriptor#{value}";

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly DateOf(JsonNode? node) =>
        node is null
            ? new DateOnly(2024, 8, 19)
            : DateOnly.Parse((string)node!, CultureInfo.InvariantCulture);

    private string ShiftDate(JsonNode? node, int maxDays) =>
        Date(DateOf(node).AddDays(random.Next(1, maxDays + 1) * (Chance(50) ? 1 : -1)));

    private static JsonArray Items(string member, IEnumerable<string> values) =>
        new([.. values.Select(v => (JsonNode)new JsonObject { [member] = v })]);

    private static JsonObject Ref(string name, JsonNode? value) => new() { [name] = value?.DeepClone() };

    /// <summary>The five key members of a section, as studentSection/staffSection associations name it.</summary>
    private static JsonObject SectionReference(JsonObject section)
    {
        var offering = section["courseOfferingReference"]!;
        return new JsonObject
        {
            ["localCourseCode"] = offering["localCourseCode"]?.DeepClone(),
            ["schoolId"] = offering["schoolId"]?.DeepClone(),
            ["schoolYear"] = offering["schoolYear"]?.DeepClone(),
            ["sectionIdentifier"] = section["sectionIdentifier"]?.DeepClone(),
            ["sessionName"] = offering["sessionName"]?.DeepClone(),
        };
    }

    private JsonNode? AnySchoolId() =>
        Choose("schools") is (var _, var school) ? school["schoolId"]?.DeepClone() : null;

    private JsonNode? AnyStudentId() =>
        Choose("students") is (var _, var student) ? student["studentUniqueId"]?.DeepClone() : null;

    private JsonNode? AnyStaffId() =>
        Choose("staffs") is (var _, var staff) ? staff["staffUniqueId"]?.DeepClone() : null;
}
