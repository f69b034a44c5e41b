using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Analysis
{
    /// <summary>
    /// Which values carry derivatives. A value is active when it is a float, depends on an active
    /// input (forward data flow: "varied") and can influence an active output (backward data
    /// flow: "useful"). Integers, booleans and references are never active. Both flows run to a
    /// fixed point, so phis in loops are handled. Reads the function; changes nothing.
    /// </summary>
    public static class ActivityAnalysis
    {
        /// <param name="function">The primal, in SSA form.</param>
        /// <param name="activeParameters">Indices (into <see cref="Function.Parameters"/>) of the parameters that carry derivatives in.</param>
        /// <param name="returnIsActive">Whether a derivative flows out through the return value.</param>
        /// <param name="shadows">Memory with shadows: loads from it bring derivatives in, stores into it take them out.</param>
        public static ActivityInfo Run(Function function, ISet<int> activeParameters, bool returnIsActive, ShadowInfo? shadows = null)
        {
            shadows ??= ShadowInfo.None;
            var varied = new HashSet<Value>();
            foreach (var p in function.Parameters)
            {
                if (activeParameters.Contains(p.Index) && p.Type.IsDifferentiable) varied.Add(p);
            }
            foreach (var i in function.Blocks.SelectMany(b => b.Instructions))
            {
                if (i.Type.IsDifferentiable && IsLoad(i.Op) && shadows.HasShadow(i.Operands[0])) varied.Add(i);
                // A called derivative reads the memory it is handed, as a load would.
                if (i.Type.IsDifferentiable && i.CallsDerivative && i.Operands.Any(shadows.HasShadow)) varied.Add(i);
            }

            // Both flows run on worklists, so each value is visited once per change (linear in the
            // function's size, where sweeping the blocks until nothing changes was quadratic on long
            // straight-line code).
            var users = new Dictionary<Value, List<Value>>();
            var pushes = new Dictionary<Variable, List<Instruction>>();
            var pops = new Dictionary<Variable, List<Instruction>>();
            foreach (var b in function.Blocks)
            {
                foreach (var phi in b.Phis)
                {
                    foreach (var e in phi.Incoming) UsersOf(users, e.Value).Add(phi);
                }
                foreach (var i in b.Instructions)
                {
                    foreach (var o in DataOperands(i)) UsersOf(users, o).Add(i);
                    if (i.Op != Op.CallOnVariable) continue;
                    var tapes = i.Method!.Name == "Push" ? pushes : IsTapeRead(i) ? pops : null;
                    if (tapes == null) continue;
                    if (!tapes.TryGetValue(i.Variable!, out var list)) tapes[i.Variable!] = list = new List<Instruction>();
                    list.Add(i);
                }
            }

            // Forward: a float result of an instruction or phi with a varied operand is varied.
            // A tape (woven code read again) is memory: what is popped is varied once anything
            // varied is pushed onto the same tape.
            var variedTapes = new HashSet<Variable>();
            var work = new Queue<Value>(varied);
            while (work.Count > 0)
            {
                var v = work.Dequeue();
                if (!users.TryGetValue(v, out var list)) continue;
                foreach (var u in list)
                {
                    if (u is Instruction { Op: Op.CallOnVariable } push && push.Method!.Name == "Push" && variedTapes.Add(push.Variable!) && pops.TryGetValue(push.Variable!, out var popped))
                    {
                        foreach (var pop in popped)
                        {
                            if (pop.Type.IsDifferentiable && varied.Add(pop)) work.Enqueue(pop);
                        }
                    }
                    if (u.Type.IsDifferentiable && varied.Add(u)) work.Enqueue(u);
                }
            }

            // Backward: operands of a useful float computation are useful; so are returned values.
            var useful = new HashSet<Value>();
            if (returnIsActive)
            {
                foreach (var b in function.Blocks)
                {
                    if (b.Terminator is Return r && r.Value != null && r.Value.Type.IsDifferentiable) useful.Add(r.Value);
                }
            }
            foreach (var i in function.Blocks.SelectMany(b => b.Instructions))
            {
                if (IsStore(i.Op) && shadows.HasShadow(i.Operands[0]) && StoredValue(i).Type.IsFloat) useful.Add(StoredValue(i));
            }
            var usefulTapes = new HashSet<Variable>();
            work = new Queue<Value>(useful);
            void MarkUseful(Value o)
            {
                if (o.Type.IsDifferentiable && useful.Add(o)) work.Enqueue(o);
            }
            while (work.Count > 0)
            {
                var v = work.Dequeue();
                switch (v)
                {
                    case Phi phi:
                        foreach (var e in phi.Incoming) MarkUseful(e.Value);
                        break;
                    case Instruction i:
                        foreach (var o in DataOperands(i)) MarkUseful(o);
                        if (i.Op == Op.CallOnVariable && IsTapeRead(i) && usefulTapes.Add(i.Variable!) && pushes.TryGetValue(i.Variable!, out var pushed))
                        {
                            foreach (var push in pushed)
                            {
                                foreach (var o in push.Operands) MarkUseful(o);
                            }
                        }
                        break;
                }
            }

            var active = new HashSet<Value>(varied.Where(useful.Contains));
            return new ActivityInfo(active, varied);
        }

        /// <summary>A call that gives back a value kept on a tape: Pop, or At after a PopFrame.</summary>
        public static bool IsTapeRead(Instruction i) => i.Op == Op.CallOnVariable && i.Method!.Name is "Pop" or "At";

        private static List<Value> UsersOf(Dictionary<Value, List<Value>> users, Value v)
        {
            if (!users.TryGetValue(v, out var list)) users[v] = list = new List<Value>();
            return list;
        }

        public static bool IsLoad(Op op) => op == Op.LoadElement || op == Op.LoadIndirect || op == Op.LoadField;

        public static bool IsStore(Op op) => op == Op.StoreElement || op == Op.StoreIndirect || op == Op.StoreField;

        /// <summary>The type of the slot a load, store or address instruction touches: its element type, or its field's type.</summary>
        public static Mono.Cecil.TypeReference SlotType(Instruction i) => i.TypeOperand ?? i.Field!.FieldType;

        /// <summary>The value a store writes (its last operand).</summary>
        public static Value StoredValue(Instruction store) => store.Operands[store.Operands.Length - 1];

        /// <summary>
        /// The operands through which a derivative can flow into the result: for Select only the
        /// two choices (the condition is an integer); for everything else, all operands.
        /// </summary>
        public static IEnumerable<Value> DataOperands(Instruction i) =>
            i.IsInactiveCall ? Enumerable.Empty<Value>()
            : i.Op == Op.Select ? i.Operands.Skip(1)
            : i.Op == Op.LoadField && i.Operands[0].Type.IsScalarStructValue ? i.Operands
            : IsLoad(i.Op) || IsStore(i.Op) ? Enumerable.Empty<Value>() : i.Operands;
    }

    /// <summary>The result of <see cref="ActivityAnalysis"/>.</summary>
    public sealed class ActivityInfo
    {
        private readonly HashSet<Value> _active;
        private readonly HashSet<Value> _varied;

        public ActivityInfo(HashSet<Value> active, HashSet<Value> varied)
        {
            _active = active;
            _varied = varied;
        }

        /// <summary>Carries a derivative: depends on an active input and influences an active output.</summary>
        public bool IsActive(Value v) => _active.Contains(v);

        /// <summary>Depends on an active input (whether or not it reaches an output).</summary>
        public bool IsVaried(Value v) => _varied.Contains(v);

        public int ActiveCount => _active.Count;
    }
}
