import web

urls = (
    '/search', 'Search',
    '/sum', 'Sum',
    '/tags', 'Tags',
    '/required', 'Required',
)
web.config.debug = False
app = web.application(urls, globals())


class Search:
    def GET(self):
        i = web.input(q='', page='1')
        words = i.q.split()
        if len(words) == 0:
            return 'nothing to search for'
        return f'page {int(i.page)}: ' + ', '.join(w.upper() for w in words)

    def POST(self):
        i = web.input(q=None)
        if i.q is None:
            return 'no q posted'
        return 'posted ' + i.q.strip()


class Sum:
    def GET(self):
        i = web.input(a='0', b='0')
        total = int(i.a) + int(i.b)
        return '{} + {} = {}'.format(i.a, i.b, total)


class Tags:
    def GET(self):
        tags = web.input(tag=[]).tag
        unique = sorted(set_of(tags))
        return '%d tags: %s' % (len(unique), ' '.join(unique))


def set_of(items):
    seen = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


class Required:
    def GET(self):
        i = web.input('name', greeting='hi')
        return i.greeting + ' ' + i.name


if __name__ == '__main__':
    app.run()
