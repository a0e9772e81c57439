namespace FlagGrains.Chaos.Workload;

/// <summary>
/// The load balancer's view: silos that are ready and not being stopped. Each request goes to a random member, as
/// behind a load balancer without stickiness; a silo leaves before it is killed or stopped, as a health check that has
/// noticed would take it out (requests already on their way still reach it).
/// </summary>
public sealed class Rotation
{
    private readonly Lock _lock = new();
    private Member[] _members = [];

    public sealed record Member(string Label, Uri BaseAddress);

    public IReadOnlyList<Member> Members
    {
        get
        {
            lock (_lock) return _members;
        }
    }

    public void Add(Member member)
    {
        lock (_lock) _members = [.. _members.Where(m => m.Label != member.Label), member];
    }

    public void Remove(string label)
    {
        lock (_lock) _members = [.. _members.Where(m => m.Label != label)];
    }

    public Member? Pick(Random random)
    {
        var members = Members;
        if (members.Count == 0) return null;
        lock (random) return members[random.Next(members.Count)];
    }
}
