"""Python forms the porter translates, each printing its result: the port must print the same."""


def grade(n):
    if n >= 90:
        return 'A'
    elif n >= 75:
        return 'B'
    elif n > 50:
        return 'C'
    else:
        return 'F'


def first_even(items):
    for x in items:
        if x % 2 == 0:
            found = x
            break
    else:
        found = None
    return found


def countdown(n):
    out = []
    while n > 0:
        out.append(n)
        n -= 1
    return out


def safe_div(a, b):
    log = []
    try:
        log.append('try')
        result = a // b
    except ZeroDivisionError:
        log.append('zero')
        result = None
    else:
        log.append('ok')
    finally:
        log.append('finally')
    return [result, log]


def lookup(d, key):
    try:
        return d[key]
    except KeyError:
        return 'missing'


class Counter:
    def __init__(self, start):
        self.value = start

    def bump(self, by=1):
        self.value += by
        return self.value


HITS = 0


def hit():
    global HITS
    HITS += 1
    return HITS


def make_adder(n):
    def add(x):
        return x + n
    return add


def main():
    print(grade(95), grade(80), grade(51), grade(50))
    print(first_even([1, 3, 4, 6]), first_even([1, 3]))
    print(countdown(3))
    print(safe_div(7, 2), safe_div(1, 0))
    print(lookup({'a': 1}, 'a'), lookup({'a': 1}, 'b'))
    c = Counter(10)
    c.bump()
    print(c.bump(by=5))
    square = lambda x: x * x
    print([square(x) for x in range(5) if x != 2])
    print({k: len(k) for k in ['ab', 'cde']})
    print([a + b for a in 'xy' for b in '12'])
    name = 'Ada'
    print(f'hi {name}, {len(name)} letters, {3.14159:.2f}, {name!r}, {42:>5}|')
    print('%s is %d years; %.1f%%' % ('Bob', 41.9, 12.345))
    print('%(a)s-%(b)s' % {'a': 1, 'b': 'two'})
    print('{} and {}'.format('p', 'q'), '{0}{1}{0}; {x}'.format('p', 'q', x='kw'))
    s = 'Hello, World'
    print(s[1:4], s[-5:], s[:3], s[::-1], s[-1], s[7])
    print('World' in s, 'x' not in s, 2 in [1, 2], 'k' in {'k': 0})
    print(len(s), len([1, 2]), len({'a': 1}), int('42') + 1, str(7) + '!', int(3.9), float('2.5'))
    d = {'a': 1}
    print(d.get('a'), d.get('z'), d.get('z', 'dflt'))
    print(' pad '.strip() + '|', 'a,b,,c'.split(','), ' a  b '.split(), 'MiXed'.lower(), 'up'.upper())
    print('abc'.startswith('ab'), 'abc'.endswith('x'), 'a-b-c'.replace('-', '+'), '-'.join(['x', 'y']))
    print('banana'.find('n'), 'banana'.count('a'), '123'.isdigit(), 'x1'.isdigit())
    print(sorted([3, 1, 10, 2]), sorted(['b', 'A', 'a']), sorted([1, 3, 2], reverse=True))
    print(min(4, 2, 8), max([1, 9, 3]), sum([1, 2, 3]), abs(-4))
    print(7 // 2, -7 // 2, 7 % 3, -7 % 3, 2 ** 10, 7 / 2)
    print(not [], not [0], bool(''), bool('x'), [] or 'empty', 'a' and 'b', 0 or None)
    print(True, False, None, [1, 'a', None], {'k': True})
    x = 5
    print(1 < x < 10, 1 < x < 3, x if x > 3 else -x)
    words = []
    for i, w in enumerate(['a', 'b']):
        words.append('%d=%s' % (i, w))
    for k, v in {'p': 1, 'q': 2}.items():
        words.append(k + str(v))
    print(words)
    total = 0
    for i in range(1, 10, 3):
        total += i
    print(total, list(range(3)), [c for c in 'hey'])
    print('ab' * 3, [0] * 3, [1] + [2], 'a' + 'b')
    hit()
    print(hit(), make_adder(3)(4))
    people = [{'name': 'Bo', 'age': 30}, {'name': 'Al', 'age': 25}]
    print(sorted(people, key=lambda p: p['age'])[0]['name'], [p['name'] for p in people if p['age'] > 26])
    print('it\'s "quoted" \\ and\ttab', repr('x\ny'), "%r" % 'q')
    d = {'b': 2, 'a': 1}
    print({k: v * 10 for k, v in d.items()}, 'a' in d, list(d.keys()), sorted(d))
    stack = [1, 2, 3]
    top = stack.pop()
    del d['b']
    print(top, stack, d, len(d))
    print(' '.join(str(n) for n in range(5) if n % 2), max(len(w) for w in ['aa', 'b']))
    nums = [10, 9, 100, 1]
    nums.sort()
    first = nums.pop(0)
    opts = {'x': 1, 'y': 2}
    print(nums, first, opts.pop('x'), opts.pop('z', 'none'), opts)


if __name__ == '__main__':
    main()
