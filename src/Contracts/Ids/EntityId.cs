using System.Globalization;

namespace Sfu.Contracts.Ids;

/// <summary>
/// Ids of routers, transports, producers, consumers, data producers, data consumers and observers.
/// An id embeds its owner node and that node's incarnation — <c>{uuid}~{nodeId}~{incarnation}</c> — so any node can
/// route a request by the id alone, and a request for an old incarnation is known stale without a directory.
/// Every character is an SDP token character, so ids can travel as MSID track ids.
/// </summary>
public static class EntityId
{
    public const char Separator = '~';

    /// <summary>A new id owned by the given node incarnation.</summary>
    public static string New(string nodeId, long incarnation) =>
        string.Create(CultureInfo.InvariantCulture, $"{Guid.NewGuid():D}{Separator}{nodeId}{Separator}{incarnation}");

    /// <summary>Reads the owner out of an id. False for ids that carry none (e.g. an app-chosen producer id).</summary>
    public static bool TryParseOwner(string? id, out string nodeId, out long incarnation)
    {
        nodeId = "";
        incarnation = 0;
        if (string.IsNullOrEmpty(id))
        {
            return false;
        }
        var last = id.LastIndexOf(Separator);
        if (last <= 0)
        {
            return false;
        }
        var middle = id.LastIndexOf(Separator, last - 1);
        if (middle < 0 || middle + 1 >= last)
        {
            return false;
        }
        if (!long.TryParse(id.AsSpan(last + 1), NumberStyles.None, CultureInfo.InvariantCulture, out incarnation))
        {
            return false;
        }
        nodeId = id.Substring(middle + 1, last - middle - 1);
        return true;
    }

    /// <summary>Node ids are 1–48 characters of <c>[A-Za-z0-9._-]</c>: SDP token characters without the separator.</summary>
    public static bool IsValidNodeId(string? nodeId)
    {
        if (string.IsNullOrEmpty(nodeId) || nodeId.Length > 48)
        {
            return false;
        }
        foreach (var c in nodeId)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }
        return true;
    }
}
