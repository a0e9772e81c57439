using System.Xml.Linq;
using FlagGrains.Persistence.Internal;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace FlagGrains.Persistence;

/// <summary>
/// ASP.NET Core data-protection keys in <c>flaggrains_data_protection_keys</c>: every silo of a cluster reads the same
/// key ring, so what one silo protected (a console cookie, an antiforgery token) the others can read, after restarts too.
/// </summary>
/// <remarks>
/// The framework calls this synchronously and rarely (at first use and when it refreshes its key cache, about once a
/// day, or when a key is created), so plain blocking ADO.NET calls are fine here.
/// </remarks>
public sealed class DataProtectionKeyRing(DatabaseKind kind, string connectionString) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = PlainConnections.Create(kind, connectionString);
        connection.Open();
        using var command = PlainConnections.Command(connection, "SELECT xml FROM flaggrains_data_protection_keys ORDER BY created_at, friendly_name");
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read()) elements.Add(XElement.Parse(reader.GetString(0)));
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = PlainConnections.Create(kind, connectionString);
        connection.Open();

        // Two silos creating their first key at once both keep theirs: names are unique per key (key-{guid}).
        using var command = PlainConnections.Command(connection,
            "INSERT INTO flaggrains_data_protection_keys (friendly_name, xml) VALUES (@name, @xml) ON CONFLICT (friendly_name) DO NOTHING",
            ("name", friendlyName), ("xml", element.ToString(SaveOptions.DisableFormatting)));
        command.ExecuteNonQuery();
    }
}
