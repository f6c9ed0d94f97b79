"""_formats/feed"""
