using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Analysis
{
    /// <summary>
    /// Which loads of a function read memory that nothing in the function writes after them, so
    /// that the reverse sweep, which runs after all of the forward sweep, may read it again instead
    /// of keeping what it read on the tape (reverse-mode.md: "it recomputes what is cheap and safe
    /// to recompute"). "After" is by control flow: a write in a block the load's block can reach
    /// (the same block later on, or round a loop), so scratch memory filled once, before the loop
    /// that reads it, is read again too.
    /// <para>
    /// Every array, object, pointer, span or ref is traced back to its roots: a parameter, or an
    /// allocation made in the function (newarr, a class newobj, stackalloc). Anything else (an
    /// array read from memory, a span a call returns) has unknown roots. A load is unwritten when
    /// its roots are known and no write of the function (store, impure call, span method that is
    /// not a getter, constructor given memory) may reach one of them. Two roots are told apart
    /// only where that is certain: different allocations; an allocation and a parameter (new memory
    /// is not what the caller passed); arrays of different ranks (double[] and double[,]) or of
    /// different primitive element types; and parameter
    /// pairs the derivative checks on entry (<paramref name="checkedDistinct"/>: AliasChecks throws
    /// when a Const array is the very array of a differentiated one). Everything else may alias,
    /// so two Const arrays of one type, or a ref and an array, are assumed to be the same memory.
    /// </para>
    /// <para>
    /// An array read from a field of a class parameter (`net.W1`) has a root of its own,
    /// FieldContents, where nothing in the function can change what such a field refers to or make
    /// memory made here reachable from one (ReferencesStayPut: no reference is stored into memory,
    /// and no call or constructor that may write is given memory). Then it is not memory made in the
    /// function, and it is the same object wherever it is read; it may still be any parameter's
    /// memory, or another field's.
    /// </para>
    /// Reads; changes nothing.
    /// </summary>
    public sealed class UnwrittenMemory
    {
        /// <summary>Roots of a memory value; null: unknown (anything at all).</summary>
        private readonly Dictionary<Value, HashSet<Value>?> _roots = new Dictionary<Value, HashSet<Value>?>();
        private readonly List<(Instruction Write, HashSet<Value>? Targets)> _writes = new List<(Instruction, HashSet<Value>?)>();
        private readonly Func<Parameter, Parameter, bool> _checkedDistinct;
        private readonly Dictionary<Block, List<Block>> _predecessors;
        private readonly HashSet<Block> _onCycles;

        /// <summary>For a block with writes: the blocks from which it can be reached (itself only when on a cycle).</summary>
        private readonly Dictionary<Block, HashSet<Block>> _reachedFrom = new Dictionary<Block, HashSet<Block>>();

        /// <summary>Whether arrays read from a parameter's fields get a root of their own (ReferencesStayPut).</summary>
        private readonly bool _fieldsStayPut;

        /// <summary>True when nothing in the function changes what a field of an object refers to (ReferencesStayPut), and field arrays have roots of their own.</summary>
        public bool FieldsStayPut => _fieldsStayPut;

        private readonly Dictionary<(Parameter, string), FieldContents> _fieldContents = new Dictionary<(Parameter, string), FieldContents>();

        private UnwrittenMemory(Function function, Func<Parameter, Parameter, bool> checkedDistinct, bool fieldRoots)
        {
            _checkedDistinct = checkedDistinct;
            _fieldsStayPut = fieldRoots && ReferencesStayPut(function);
            _predecessors = function.PredecessorMap();
            _onCycles = RepeatingBlocks.Find(function);
        }

        /// <param name="fieldRoots">Whether the derivative can check on entry that arrays in parameters' fields are not shadows (FieldShadowChecks.CanCheck): only then do they get roots of their own.</param>
        public static UnwrittenMemory Find(Function function, Func<Parameter, Parameter, bool> checkedDistinct, bool fieldRoots)
        {
            var result = new UnwrittenMemory(function, checkedDistinct, fieldRoots);
            result.TraceRoots(function);
            foreach (var i in function.Blocks.SelectMany(b => b.Instructions))
            {
                if (result.Writes(i, out var target)) result._writes.Add((i, target));
            }
            return result;
        }

        /// <summary>True when <paramref name="load"/> (a load of an element, a field or through an address) reads memory no write of the function can reach.</summary>
        public bool IsUnwritten(Instruction load)
        {
            if (load.Op == Op.ArrayLength) return true; // an array's length never changes
            if (load.Op is not (Op.LoadElement or Op.LoadIndirect or Op.LoadField)) return false;
            var read = RootsOf(load.Operands[0]);
            // A span, ref or pointer argument could overlap a shadow in ways one reference
            // comparison on entry cannot rule out (see ParameterRoots): such memory is kept on the tape.
            if (read == null || read.Any(r => r is Parameter p && p.Type.Kind != IrTypeKind.Object)) return false;
            foreach (var (write, written) in _writes)
            {
                if (!MayRunAfter(write, load)) continue;
                if (written == null) return false;
                foreach (var w in written)
                {
                    foreach (var r in read)
                    {
                        if (MayAlias(w, r)) return false;
                    }
                }
            }
            return true;
        }

        /// <summary>
        /// True when no write in <paramref name="blocks"/> (a loop) may reach the memory <paramref name="load"/>
        /// reads: with an address made outside the loop, the load gives the same value in every iteration of one run of it.
        /// </summary>
        public bool IsUnwrittenIn(Instruction load, ICollection<Block> blocks)
        {
            if (load.Op is not (Op.LoadElement or Op.LoadIndirect or Op.LoadField)) return false;
            if (load.Op == Op.LoadField && load.Operands[0].Type.Kind == IrTypeKind.Struct) return false;
            var read = RootsOf(load.Operands[0]);
            if (read == null) return false;
            foreach (var (write, written) in _writes)
            {
                if (!blocks.Contains(write.Block)) continue;
                if (written == null) return false;
                if (written.Any(w => read.Any(r => MayAlias(w, r)))) return false;
            }
            return true;
        }

        /// <summary>The instructions in <paramref name="blocks"/> that may write memory, each with the roots it may write (null: anything).</summary>
        public IEnumerable<(Instruction Write, IReadOnlyCollection<Value>? Roots)> WritesIn(ICollection<Block> blocks) =>
            _writes.Where(w => blocks.Contains(w.Write.Block)).Select(w => (w.Write, (IReadOnlyCollection<Value>?)w.Targets));

        /// <summary>The roots of the memory a load reads (null: unknown).</summary>
        public IReadOnlyCollection<Value>? RootsRead(Instruction load) => RootsOf(load.Operands[0]);

        /// <summary>True when <paramref name="write"/> can run after <paramref name="load"/> in one call: later in its block, or in a block reachable from it.</summary>
        private bool MayRunAfter(Instruction write, Instruction load)
        {
            if (write.Block == load.Block && write.Block.Instructions.IndexOf(write) > write.Block.Instructions.IndexOf(load)) return true;
            return ReachedFrom(write.Block).Contains(load.Block);
        }

        private HashSet<Block> ReachedFrom(Block target)
        {
            if (_reachedFrom.TryGetValue(target, out var set)) return set;
            set = new HashSet<Block>();
            var work = new Stack<Block>(_predecessors[target]);
            while (work.Count > 0)
            {
                var b = work.Pop();
                if (!set.Add(b)) continue;
                foreach (var p in _predecessors[b]) work.Push(p);
            }
            // A block reaches itself only round a cycle; the BFS above finds that too (it adds the
            // target when a path leads back to it), which _onCycles confirms.
            if (!_onCycles.Contains(target)) set.Remove(target);
            return _reachedFrom[target] = set;
        }

        /// <summary>
        /// The parameters an unwritten load reads from. The reverse sweep writes shadows while it
        /// reads these again, so the derivative must make sure on entry that none of them is a shadow.
        /// </summary>
        /// <remarks>Each is a Parameter, or the FieldContents of one (the array in its field, as on entry).</remarks>
        public IEnumerable<Value> RereadRoots(Instruction load) =>
            load.Op == Op.ArrayLength ? Enumerable.Empty<Value>() : (RootsOf(load.Operands[0]) ?? new HashSet<Value>()).Where(r => r is Parameter or FieldContents);

        private bool MayAlias(Value a, Value b)
        {
            if (a == b) return true;
            if (a is not (Parameter or FieldContents) || b is not (Parameter or FieldContents)) return false; // at least one is memory made here
            if (a is FieldContents || b is FieldContents) return !ArraysOfDifferentShapes(a.Type, b.Type) && !ArraysOfDifferentPrimitives(a.Type, b.Type);
            var (p, q) = ((Parameter)a, (Parameter)b);
            if (ArraysOfDifferentShapes(p.Type, q.Type) || ArraysOfDifferentPrimitives(p.Type, q.Type)) return false;
            return !_checkedDistinct(p, q) && !_checkedDistinct(q, p);
        }

        /// <summary>
        /// double[] and double[,], double[,] and double[,,], are never one array: an array's rank is
        /// part of its run-time type, which no conversion changes (a T[] is never a rank-1 T[*] either).
        /// </summary>
        private static bool ArraysOfDifferentShapes(IrType a, IrType b) =>
            a.Clr is Mono.Cecil.ArrayType x && b.Clr is Mono.Cecil.ArrayType y && (x.Rank != y.Rank || x.IsVector != y.IsVector);

        /// <summary>double[] and int[], double[,] and float[,], are never one array (covariance is for arrays of references only).</summary>
        private static bool ArraysOfDifferentPrimitives(IrType a, IrType b) =>
            a.Clr is Mono.Cecil.ArrayType x && b.Clr is Mono.Cecil.ArrayType y && x.Rank == y.Rank && x.IsVector == y.IsVector &&
            x.ElementType.IsPrimitive && y.ElementType.IsPrimitive && x.ElementType.FullName != y.ElementType.FullName;

        /// <summary>What <paramref name="i"/> may write: false when nothing; target null when anything.</summary>
        private bool Writes(Instruction i, out HashSet<Value>? target)
        {
            target = null;
            switch (i.Op)
            {
                case Op.StoreElement:
                case Op.StoreIndirect:
                case Op.StoreField:
                    target = RootsOf(i.Operands[0]);
                    return true;
                case Op.Call:
                case Op.CallVirt:
                    return !PureMethods.IsPure(i.Method!) && !Engine.CallSemantics.WritesNothing(i.Method!) && !Engine.CallSemantics.GrowsList(i.Method!);
                case Op.CallOnVariable:
                    return true;
                case Op.CallOnValue:
                    return !Differentiation.SpanShadows.IsPureGetter(i);
                case Op.NewObj:
                    // A span over memory writes nothing; a class constructor given memory may write into it.
                    return !IrType.IsSpan(i.Method!.DeclaringType) &&
                           i.Operands.Any(o => o.Type.Kind is IrTypeKind.Object or IrTypeKind.ByRef or IrTypeKind.Pointer or IrTypeKind.Struct);
                default:
                    return false;
            }
        }

        /// <summary>
        /// True when no instruction of <paramref name="function"/> can change which object a field of
        /// a parameter refers to, or make memory made in the function reachable from one: no reference
        /// (or struct, or pointer-sized value) is stored into memory, nothing is stored through a raw
        /// pointer, and no call or constructor that may write is given memory.
        /// </summary>
        private static bool ReferencesStayPut(Function function)
        {
            static bool IsMemory(Value v) => v.Type.Kind is IrTypeKind.Object or IrTypeKind.ByRef or IrTypeKind.Pointer or IrTypeKind.NativeInt or IrTypeKind.Struct;
            foreach (var i in function.Blocks.SelectMany(b => b.Instructions))
            {
                switch (i.Op)
                {
                    case Op.StoreElement:
                    case Op.StoreField:
                    case Op.StoreIndirect:
                        if (IsMemory(i.Operands[i.Operands.Length - 1])) return false;
                        if (i.Op == Op.StoreIndirect && i.Operands[0].Type.Kind is IrTypeKind.Pointer or IrTypeKind.NativeInt) return false;
                        break;
                    case Op.Call:
                    case Op.CallVirt:
                        if (!PureMethods.IsPure(i.Method!) && !Engine.CallSemantics.ReadsArrayShape(i.Method!) && i.Operands.Any(IsMemory)) return false;
                        break;
                    case Op.CallOnVariable:
                        return false;
                    case Op.CallOnValue:
                        if (!Differentiation.SpanShadows.IsPureGetter(i)) return false;
                        break;
                    case Op.NewObj:
                        if (!IrType.IsSpan(i.Method!.DeclaringType) && i.Operands.Any(IsMemory)) return false;
                        break;
                }
            }
            return true;
        }

        private FieldContents FieldRoot(Parameter owner, Instruction load)
        {
            var key = (owner, load.Field!.FullName);
            if (!_fieldContents.TryGetValue(key, out var root)) _fieldContents[key] = root = new FieldContents(owner, load.Field, load.Type);
            return root;
        }

        private HashSet<Value>? RootsOf(Value v)
        {
            if (v is Parameter) return new HashSet<Value> { v };
            return _roots.TryGetValue(v, out var roots) ? roots : null;
        }

        /// <summary>Roots of every memory value, to a fixed point (pointer phis go round loops).</summary>
        private void TraceRoots(Function function)
        {
            var values = function.Blocks.SelectMany(b => b.Phis.Cast<Value>().Concat(b.Instructions))
                .Where(v => v.Type.Kind is IrTypeKind.Object or IrTypeKind.ByRef or IrTypeKind.Pointer or IrTypeKind.NativeInt or IrTypeKind.Struct)
                .ToList();
            foreach (var v in values) _roots[v] = new HashSet<Value>();
            bool changed = true;
            while (changed)
            {
                changed = false;
                foreach (var v in values)
                {
                    var before = _roots[v];
                    if (before == null) continue;
                    var now = Sources(v);
                    if (now == null)
                    {
                        _roots[v] = null;
                        changed = true;
                    }
                    else if (!now.IsSubsetOf(before))
                    {
                        before.UnionWith(now);
                        changed = true;
                    }
                }
            }
        }

        /// <summary>The roots <paramref name="v"/> takes from what it is made of, as known so far; null when unknown.</summary>
        private HashSet<Value>? Sources(Value v)
        {
            if (v is Phi phi) return Union(phi.Incoming.Select(k => k.Value));
            var i = (Instruction)v;
            switch (i.Op)
            {
                case Op.NewArray:
                case Op.StackAlloc:
                    return new HashSet<Value> { i };
                case Op.NewObj when i.Type.Kind == IrTypeKind.Object:
                    return new HashSet<Value> { i };
                case Op.NewObj when IrType.IsSpan(i.Method!.DeclaringType):
                    return i.Operands.Length > 0 ? RootsOf(i.Operands[0]) : new HashSet<Value>();
                case Op.LoadField when _fieldsStayPut && i.Operands[0] is Parameter { Type.Kind: IrTypeKind.Object } owner && i.Type.Kind == IrTypeKind.Object:
                    return new HashSet<Value> { FieldRoot(owner, i) };
                case Op.ElementAddress:
                case Op.FieldAddress:
                    return RootsOf(i.Operands[0]);
                case Op.CallOnValue when i.Method!.Name is "get_Item" or "Slice" && IrType.IsSpan(i.Method.DeclaringType):
                    return RootsOf(i.Operands[0]);
                case Op.Add:
                case Op.Sub:
                case Op.Conv:
                    // Pointer arithmetic stays inside what the pointer operands point into.
                    var pointers = i.Operands.Where(o => o.Type.Kind is IrTypeKind.Pointer or IrTypeKind.ByRef).ToList();
                    return pointers.Count == 0 ? null : Union(pointers);
                case Op.Select:
                    return Union(new[] { i.Operands[1], i.Operands[2] });
                default:
                    return null;
            }
        }

        private HashSet<Value>? Union(IEnumerable<Value> values)
        {
            var all = new HashSet<Value>();
            foreach (var value in values)
            {
                if (value is Constant) continue; // null
                var roots = RootsOf(value);
                if (roots == null) return null;
                all.UnionWith(roots);
            }
            return all;
        }
    }
}
