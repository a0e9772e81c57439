using FlagGrains.Chaos.Faults;
using FlagGrains.Chaos.History;

namespace FlagGrains.Chaos.Tests.Faults;

public sealed class FaultPlanTests
{
    private static readonly TimeSpan Length = TimeSpan.FromMinutes(30);

    [Fact]
    public void One_seed_is_always_the_same_schedule_and_another_seed_another()
    {
        Assert.Equal(FaultPlan.Create(7, 3, Length), FaultPlan.Create(7, 3, Length));
        Assert.NotEqual(FaultPlan.Create(7, 3, Length), FaultPlan.Create(8, 3, Length));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(18)]
    [InlineData(12345)]
    public void Every_kind_of_fault_is_planned_and_one_silo_always_stays_up(int seed)
    {
        var plan = FaultPlan.Create(seed, 3, Length);

        Assert.All(new[] { FaultKinds.Kill, FaultKinds.Stop, FaultKinds.Restart, FaultKinds.Bounce, FaultKinds.DatabaseOutage, FaultKinds.SlowDatabase },
            kind => Assert.Contains(plan, step => step.Kind == kind));
        Assert.All(plan, step => Assert.True(step.At < Length, $"{step} is after the fault phase"));

        // Replaying the plan: a silo is down from its kill or stop until its restart (a bounce is over at once).
        var down = new HashSet<int>();
        foreach (var step in plan)
        {
            if (step.Kind is FaultKinds.Kill or FaultKinds.Stop) Assert.True(down.Add(step.Silo), $"{step}: that silo is already down");
            if (step.Kind == FaultKinds.Restart) Assert.True(down.Remove(step.Silo), $"{step}: that silo is not down");
            Assert.True(down.Count < 3, $"at {step} no silo is up");
        }
    }

    [Fact]
    public void Database_faults_never_overlap()
    {
        var database = FaultPlan.Create(18, 3, Length).Where(s => s.Kind is FaultKinds.DatabaseOutage or FaultKinds.SlowDatabase).ToList();

        Assert.All(database.Zip(database.Skip(1)), pair => Assert.True(pair.First.At + pair.First.Duration < pair.Second.At, $"{pair.First} overlaps {pair.Second}"));
    }
}
