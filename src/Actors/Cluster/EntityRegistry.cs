using System.Collections.Concurrent;
using Sfu.Actors.Runtime;

namespace Sfu.Actors.Cluster;

/// <summary>The kinds of entity a request can address.</summary>
public enum EntityKind
{
    Router,
    Transport,
    Producer,
    Consumer,
    DataProducer,
    DataConsumer,
    RtpObserver,
    WebRtcServer,
}

/// <summary>A live entity on this node: its actor, and where it lives.</summary>
public sealed record EntityEntry(EntityKind Kind, string Id, IActorRef Actor, int WorkerId, string RouterId, string? TransportId);

/// <summary>
/// This node's entities by id. Entities register when created and leave when closed; a recently closed id is
/// remembered (bounded) so that closing it again is a no-op while any other request for it is an Error.
/// Piped producers share their id with the original, so one id may have several entries: a request names the
/// transport or router to pick one, and without it gets the first registered (the original).
/// </summary>
public sealed class EntityRegistry
{
    private const int MaxTombstones = 10_000;

    private readonly ConcurrentDictionary<string, EntityEntry[]> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _tombstones = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _tombstoneOrder = new();

    public void Add(EntityEntry entry) =>
        _entries.AddOrUpdate(entry.Id, _ => [entry], (_, existing) => [.. existing, entry]);

    /// <summary>Removes the entry of <paramref name="kind"/> and <paramref name="id"/> held by <paramref name="actor"/>, and remembers the id as closed.</summary>
    public void RemoveById(EntityKind kind, string id, IActorRef actor)
    {
        while (_entries.TryGetValue(id, out var existing))
        {
            var remaining = Array.FindAll(existing, e => e.Kind != kind || !e.Actor.Equals(actor));
            if (remaining.Length == existing.Length)
            {
                break;
            }
            var done = remaining.Length == 0
                ? _entries.TryRemove(new KeyValuePair<string, EntityEntry[]>(id, existing))
                : _entries.TryUpdate(id, remaining, existing);
            if (done)
            {
                break;
            }
        }
        if (_tombstones.TryAdd(id, 0))
        {
            _tombstoneOrder.Enqueue(id);
            while (_tombstoneOrder.Count > MaxTombstones && _tombstoneOrder.TryDequeue(out var old))
            {
                _tombstones.TryRemove(old, out _);
            }
        }
    }

    /// <summary>Finds a live entity of <paramref name="kind"/>; <paramref name="scopeId"/> (a transport or router id) picks among duplicates.</summary>
    public bool TryGet(EntityKind kind, string id, string? scopeId, out EntityEntry entry)
    {
        entry = null!;
        if (!_entries.TryGetValue(id, out var entries))
        {
            return false;
        }
        foreach (var e in entries)
        {
            if (e.Kind != kind)
            {
                continue;
            }
            if (scopeId is null || e.TransportId == scopeId || e.RouterId == scopeId)
            {
                entry = e;
                return true;
            }
        }
        return false;
    }

    /// <summary>True if the id belonged to an entity that has closed (and is still remembered).</summary>
    public bool WasClosed(string id) => _tombstones.ContainsKey(id) && !_entries.ContainsKey(id);

    public IEnumerable<EntityEntry> All => _entries.Values.SelectMany(e => e);
}
