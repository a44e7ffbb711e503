namespace Sfu.Actors.Runtime;

/// <summary>
/// The logical address of an actor: <c>sfu://system/user/router-1/transport-7</c>.
/// A root path (no <see cref="Parent"/>) names the actor system.
/// </summary>
/// <remarks>
/// Two paths are equal when their full strings are equal. A path names a place, not an incarnation:
/// an actor stopped and created again under the same name has an equal path but a different <see cref="IActorRef"/>.
/// </remarks>
public sealed record ActorPath
{
    private readonly string _full;

    /// <summary>Creates a path element. A <paramref name="parent"/> of <c>null</c> makes a root named after a system.</summary>
    public ActorPath(string name, ActorPath? parent)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Parent = parent;
        _full = parent is null ? "sfu://" + name : parent._full + "/" + name;
    }

    /// <summary>The last element (the actor's name, or the system's name for a root).</summary>
    public string Name { get; }

    /// <summary>The parent path; <c>null</c> for a root.</summary>
    public ActorPath? Parent { get; }

    /// <summary>The root of this path (whose <see cref="Name"/> is the system name).</summary>
    public ActorPath Root
    {
        get
        {
            var p = this;
            while (p.Parent is not null)
            {
                p = p.Parent;
            }
            return p;
        }
    }

    /// <summary>A child path of this one.</summary>
    public ActorPath Child(string name) => new(name, this);

    /// <summary>A child path of <paramref name="parent"/>: <c>root / "user" / "router-1"</c>.</summary>
    public static ActorPath operator /(ActorPath parent, string name)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return new ActorPath(name, parent);
    }

    public bool Equals(ActorPath? other) => other is not null && string.Equals(_full, other._full, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_full);

    public override string ToString() => _full;
}
