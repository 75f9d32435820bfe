namespace OneRoster.Projections.Api.Querying;

/// <summary>
/// What a client may name in <c>fields</c>, <c>filter</c> and <c>sort</c> for each stored class, and
/// where each name is read from.
/// <list type="bullet">
/// <item><c>sourcedId</c>, <c>status</c> and <c>dateLastModified</c> read the duplicated, indexed
/// columns <c>sourced_id</c>, <c>status</c> and <c>date_last_modified</c>; a delta query never parses
/// JSON to find what changed.</item>
/// <item>Every other name reads the stored object: a plain field (<c>givenName</c>) or a reference's
/// part (<c>school.sourcedId</c>) by its JSON path; an array field (<c>grades</c>, <c>terms.sourcedId</c>,
/// <c>roles.role</c>, <c>roles.org.sourcedId</c>, <c>userIds.identifier</c>) matches when any element
/// does, and <c>!=</c> on an array means no element equals the value.</item>
/// </list>
/// Names come from the OneRoster 1.2 OpenAPI's object schemas.
/// </summary>
public sealed class OneRosterFields
{
    private static readonly string[] RefParts = ["sourcedId", "type", "href"];

    private readonly Dictionary<string, Field> filterable = new(StringComparer.Ordinal);
    private readonly HashSet<string> selectable = new(StringComparer.Ordinal);

    private OneRosterFields(string documentClass) => DocumentClass = documentClass;

    public string DocumentClass { get; }

    public IReadOnlySet<string> Selectable => selectable;

    public IReadOnlyDictionary<string, Field> Filterable => filterable;

    public static OneRosterFields For(string documentClass) =>
        ByClass.TryGetValue(documentClass, out var fields)
            ? fields
            : throw new ArgumentException($"No field catalog for class '{documentClass}'.");

    private static readonly Dictionary<string, OneRosterFields> ByClass = new[]
    {
        Build("orgs", f => f.Texts("name", "type", "identifier").Ref("parent").Refs("children")),
        Build("academicSessions", f =>
            f.Texts("title", "startDate", "endDate", "type", "schoolYear").Ref("parent").Refs("children")
        ),
        Build("courses", f =>
            f.Texts("title", "courseCode")
                .Ref("schoolYear")
                .Ref("org")
                .TextArrays("grades", "subjects", "subjectCodes")
                .Refs("resources")
        ),
        Build("classes", f =>
            f.Texts("title", "classCode", "classType", "location")
                .Ref("course")
                .Ref("school")
                .Refs("terms")
                .TextArrays("grades", "subjects", "subjectCodes", "periods")
                .Refs("resources")
        ),
        Build("enrollments", f =>
            f.Texts("role", "primary", "beginDate", "endDate").Ref("user").Ref("class").Ref("school")
        ),
        Build("users", f =>
            f.Texts(
                    "userMasterIdentifier",
                    "username",
                    "enabledUser",
                    "givenName",
                    "familyName",
                    "middleName",
                    "preferredFirstName",
                    "preferredMiddleName",
                    "preferredLastName",
                    "pronouns",
                    "identifier",
                    "email",
                    "sms",
                    "phone",
                    "password"
                )
                .Objects("userIds", "type", "identifier")
                .Objects("roles", "roleType", "role", "userProfile", "beginDate", "endDate")
                .Objects("roles", [.. RefParts.Select(part => "org." + part)])
                .Objects(
                    "userProfiles",
                    "profileId",
                    "profileType",
                    "vendorId",
                    "applicationId",
                    "description"
                )
                .Ref("primaryOrg")
                .Refs("agents")
                .TextArrays("grades")
                .Refs("resources")
        ),
        Build("demographics", f =>
            f.Texts(
                "birthDate",
                "sex",
                "americanIndianOrAlaskaNative",
                "asian",
                "blackOrAfricanAmerican",
                "nativeHawaiianOrOtherPacificIslander",
                "white",
                "demographicRaceTwoOrMoreRaces",
                "hispanicOrLatinoEthnicity",
                "countryOfBirthCode",
                "stateOfBirthAbbreviation",
                "cityOfBirth",
                "publicSchoolResidenceStatus"
            )
        ),
    }.ToDictionary(fields => fields.DocumentClass, StringComparer.Ordinal);

    private static OneRosterFields Build(string documentClass, Action<OneRosterFields> describe)
    {
        var fields = new OneRosterFields(documentClass);
        fields.Add("sourcedId", Field.Column("sourced_id", isInstant: false));
        fields.Add("status", Field.Column("status", isInstant: false));
        fields.Add("dateLastModified", Field.Column("date_last_modified", isInstant: true));
        fields.selectable.Add("metadata");
        describe(fields);
        return fields;
    }

    private void Add(string name, Field field)
    {
        selectable.Add(name.Split('.')[0]);
        filterable[name] = field;
    }

    private OneRosterFields Texts(params string[] names)
    {
        foreach (var name in names)
        {
            Add(name, Field.Scalar([name]));
        }

        return this;
    }

    private OneRosterFields Ref(string name)
    {
        foreach (var part in RefParts)
        {
            Add(name + "." + part, Field.Scalar([name, part]));
        }

        return this;
    }

    private OneRosterFields Refs(string name) => Objects(name, RefParts);

    private OneRosterFields TextArrays(params string[] names)
    {
        foreach (var name in names)
        {
            Add(name, Field.TextArray(name));
        }

        return this;
    }

    private OneRosterFields Objects(string name, params string[] innerPaths)
    {
        foreach (var inner in innerPaths)
        {
            Add(name + "." + inner, Field.ObjectArray(name, inner.Split('.')));
        }

        return this;
    }
}
