using FlagGrains.Chaos.History;

namespace FlagGrains.Chaos.Tests.History;

public sealed class HistoryLogTests
{
    [Fact]
    public void The_file_holds_every_record_as_it_was_added_and_reads_back_the_same()
    {
        var path = Path.Combine(Path.GetTempPath(), $"chaos-history-{Guid.NewGuid():N}.jsonl");
        try
        {
            List<HistoryRecord> added;
            using (var history = new HistoryLog(path))
            {
                added =
                [
                    history.Add(new HistoryRecord { Type = RecordTypes.Op, Kind = OpKinds.Bulk, Silo = "silo1#1", T0 = 1.5, T1 = 2.5, Status = 200, Version = 3, Values = new() { ["f0"] = "w#1" }, Hint = 2 }),
                    history.Add(new HistoryRecord { Type = RecordTypes.Event, Stream = 9, T0 = 3, Version = 4 }),
                ];
            }

            var read = HistoryLog.Read(path);

            Assert.Equal(2, read.Count);
            Assert.Equal([1L, 2L], read.Select(r => r.Id));
            Assert.Equal(added[1], read[1]);
            Assert.Equal(added[0] with { Values = null }, read[0] with { Values = null });
            Assert.Equal("w#1", read[0].Values!["f0"]);
            Assert.DoesNotContain("\"guard\"", File.ReadAllText(path), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
